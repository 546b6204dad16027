using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary>
/// One S3-compatible bucket the sync watches (<c>Workflows:SourceSync:Buckets:&lt;n&gt;</c>): AWS S3 by region, or any
/// server speaking the S3 REST API (MinIO, Ceph RGW, R2, …) by <see cref="Endpoint"/>. The secret key is read from
/// configuration like every key, and must come from the environment, user-secrets or a Kubernetes Secret: the service
/// refuses to start when it finds it in an appsettings file.
/// </summary>
public sealed class BucketSource
{
    /// <summary>The server, e.g. <c>http://minio:9000</c>; empty for AWS S3 itself (then <see cref="Region"/> picks the endpoint).</summary>
    public string? Endpoint { get; set; }

    public string Bucket { get; set; } = "";

    /// <summary>Only keys starting with this are synced (e.g. <c>policies/</c>); empty: the whole bucket.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>The region requests are signed for (SigV4); MinIO and most compatible servers accept <c>us-east-1</c>.</summary>
    public string Region { get; set; } = "us-east-1";

    public string? AccessKeyId { get; set; }

    /// <summary>A secret: environment (<c>Workflows__SourceSync__Buckets__0__SecretAccessKey</c>), user-secrets or a Secret only.</summary>
    public string? SecretAccessKey { get; set; }

    /// <summary><c>http://host/bucket/key</c> instead of <c>http://bucket.host/key</c>: what MinIO-like servers need.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>The longest one request may take before the step counts the bucket as not answering.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keys per ListObjectsV2 page (1–1000).</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How the bucket is named in item keys, summaries and errors (never with credentials).</summary>
    public string Location => $"{(string.IsNullOrWhiteSpace(Endpoint) ? $"s3.{Region}.amazonaws.com" : Endpoint.TrimEnd('/'))}/{Bucket}";

    /// <summary>
    /// A client for this bucket. The SDK does not retry (the engine retries the step, with its backoff) and computes or
    /// checks flexible checksums only where S3 requires them, which several compatible servers do not support.
    /// </summary>
    public AmazonS3Client CreateClient()
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = ForcePathStyle,
            Timeout = Timeout,
            MaxErrorRetry = 0,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(Endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = Endpoint;
            config.AuthenticationRegion = Region;
        }

        return new AmazonS3Client(new BasicAWSCredentials(AccessKeyId ?? "", SecretAccessKey ?? ""), config);
    }
}
