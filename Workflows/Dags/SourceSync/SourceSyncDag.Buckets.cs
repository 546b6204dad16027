using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary>
/// <c>sync-buckets</c>: every object under each configured bucket's prefix (ListObjectsV2, page by page) is an item keyed
/// <c>s3:&lt;endpoint&gt;/&lt;bucket&gt;/&lt;key&gt;</c>. An object whose listed ETag is the one last ingested is not
/// downloaded; another is fetched (GetObject) and ingested like a file, with the ETag and Last-Modified of the bytes it got.
/// A bucket that cannot be listed fails the step with the server's answer (403 with its S3 error code for wrong credentials)
/// or "no answer within …", and retire does not run, so an outage never retires anything.
/// </summary>
public sealed partial class SourceSyncDag
{
    private async Task<StepResult> SyncBucketsAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var seen = new List<string>();
        var counts = new SyncCounts();
        var failures = new List<string>();
        var permanent = false;
        foreach (var bucket in settings.Buckets)
        {
            using var s3 = bucket.CreateClient();
            string? continuation = null;
            do
            {
                ListObjectsV2Response page;
                try
                {
                    page = await s3.ListObjectsV2Async(new ListObjectsV2Request
                    {
                        BucketName = bucket.Bucket,
                        Prefix = string.IsNullOrEmpty(bucket.Prefix) ? null : bucket.Prefix,
                        MaxKeys = bucket.PageSize,
                        ContinuationToken = continuation,
                    }, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsBucketFailure(ex))
                {
                    failures.Add($"bucket {bucket.Location}: listing failed: {Reason(ex, bucket)}");
                    permanent |= ex is AmazonS3Exception { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound };
                    break; // its items are unknown: the step fails, so retire does not run
                }

                foreach (var entry in page.S3Objects ?? [])
                {
                    if (entry.Key.EndsWith('/') || !settings.Extensions.Contains(Path.GetExtension(entry.Key), StringComparer.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var item = $"s3:{bucket.Location}/{entry.Key}";
                    seen.Add(item);
                    if (entry.Size > settings.MaxFileBytes)
                    {
                        failures.Add($"{entry.Key}: {entry.Size} bytes is over Workflows:SourceSync:MaxFileBytes");
                        continue;
                    }

                    var known = await state.GetAsync(item);
                    if (known?.ETag is not null && known.ETag == entry.ETag)
                    {
                        counts.Unchanged++;
                        continue;
                    }

                    try
                    {
                        using var got = await s3.GetObjectAsync(bucket.Bucket, entry.Key, cancellationToken);
                        using var content = new MemoryStream();
                        await got.ResponseStream.CopyToAsync(content, cancellationToken);
                        await IngestAsync(item, Path.GetFileName(entry.Key), content.ToArray(), got.ETag,
                            got.LastModified?.ToUniversalTime().ToString("R"), counts, cancellationToken, got.Headers.ContentType);
                    }
                    catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
                    {
                        seen.Remove(item); // deleted since the listing: retire decides
                    }
                    catch (Exception ex) when (!cancellationToken.IsCancellationRequested && IsBucketFailure(ex))
                    {
                        failures.Add($"{entry.Key}: {Reason(ex, bucket)}");
                    }
                }

                continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (continuation is not null);
        }

        return permanent
            ? throw new PermanentStepException(FailureSummary("bucket", seen, counts, failures))
            : Finish("bucket", seen, counts, failures);
    }

    private static bool IsBucketFailure(Exception ex) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException or OperationCanceledException;

    /// <summary>Why a request to the bucket failed, in one line: the S3 error code and message, or the network's reason.</summary>
    private static string Reason(Exception ex, BucketSource bucket) => ex switch
    {
        AmazonS3Exception s3 when s3.StatusCode != 0 => $"answered {(int)s3.StatusCode} {s3.ErrorCode}: {s3.Message}",
        OperationCanceledException or TimeoutException => $"no answer within {bucket.Timeout.TotalSeconds:0.#} s",
        HttpRequestException http => $"not reachable ({http.HttpRequestError}): {http.Message}",
        { InnerException: { } inner } when inner is not AmazonServiceException => Reason(inner, bucket),
        _ => ex.Message,
    };
}
