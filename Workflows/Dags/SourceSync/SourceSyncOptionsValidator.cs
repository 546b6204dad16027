using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary>
/// Refuses, at start and naming the key, a bucket source that cannot work (no bucket, an endpoint that is not an http(s)
/// URL or one with credentials in it, a missing key) and a secret key found in an appsettings file (it belongs in the environment or a secret store).
/// </summary>
public sealed class SourceSyncOptionsValidator(IConfiguration configuration) : IValidateOptions<SourceSyncOptions>
{
    public ValidateOptionsResult Validate(string? name, SourceSyncOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Buckets.Count; i++)
        {
            var bucket = options.Buckets[i];
            var key = $"{SourceSyncOptions.SectionName}:Buckets:{i}";
            if (string.IsNullOrWhiteSpace(bucket.Bucket))
            {
                errors.Add($"{key}:Bucket is required.");
            }

            if (!string.IsNullOrWhiteSpace(bucket.Endpoint))
            {
                if (!Uri.TryCreate(bucket.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                {
                    errors.Add($"{key}:Endpoint is not an absolute http(s) URL.");
                }
                else if (endpoint.UserInfo.Length > 0)
                {
                    // Named without its value: it holds credentials, which belong in AccessKeyId/SecretAccessKey.
                    errors.Add($"{key}:Endpoint carries credentials in the URL: put them in AccessKeyId and SecretAccessKey.");
                }
            }

            if (string.IsNullOrWhiteSpace(bucket.Region))
            {
                errors.Add($"{key}:Region is required (us-east-1 suits most S3-compatible servers).");
            }

            if (string.IsNullOrWhiteSpace(bucket.AccessKeyId) || string.IsNullOrWhiteSpace(bucket.SecretAccessKey))
            {
                errors.Add($"{key}: AccessKeyId and SecretAccessKey are both required (the secret from the environment or a secret store).");
            }

            if (bucket.PageSize is < 1 or > 1000)
            {
                errors.Add($"{key}:PageSize must be between 1 and 1000.");
            }

            if (bucket.Timeout <= TimeSpan.Zero)
            {
                errors.Add($"{key}:Timeout must be positive.");
            }

            if (configuration is IConfigurationRoot root && root.Providers.OfType<JsonConfigurationProvider>()
                    .Any(p => p.Source.Path?.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) == true && p.TryGet($"{key}:SecretAccessKey", out _)))
            {
                errors.Add($"{key}:SecretAccessKey is in an appsettings file: a secret goes in the environment, user-secrets or a Kubernetes Secret.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
