namespace Switchboard.ServiceDefaults.Telemetry;

/// <summary>
/// Bound from <c>Langfuse</c>: where to send a second copy of the traces (Langfuse's OTLP/HTTP endpoint) and the
/// project keys. Export is on when <see cref="BaseUrl"/> is set; both keys are then required (checked at start). The
/// keys come from the environment or a secret store (<c>Langfuse__SecretKey</c>), never from a committed file.
/// </summary>
public sealed class LangfuseOptions
{
    public const string SectionName = "Langfuse";

    /// <summary>The path Langfuse ingests OTLP traces at, below <see cref="BaseUrl"/>.</summary>
    public const string TracesPath = "api/public/otel/v1/traces";

    /// <summary>For example <c>https://cloud.langfuse.com</c> or <c>http://langfuse-web:3000</c>.</summary>
    public Uri? BaseUrl { get; set; }

    public string? PublicKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Langfuse's environment of every trace (<c>langfuse.environment</c>); default: the host environment name.</summary>
    public string? Environment { get; set; }

    public bool Enabled => BaseUrl is not null;

    public Uri TracesEndpoint => new(new Uri(BaseUrl!.ToString().TrimEnd('/') + "/"), TracesPath);

    /// <summary><c>Authorization: Basic base64(public:secret)</c> and the ingestion version that makes spans appear at once.</summary>
    public string Headers =>
        $"Authorization=Basic {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{PublicKey}:{SecretKey}"))},x-langfuse-ingestion-version=4";

    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (BaseUrl is not { IsAbsoluteUri: true } || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{SectionName}:BaseUrl must be an absolute http(s) URL.";
        }

        if (string.IsNullOrWhiteSpace(PublicKey))
        {
            yield return $"{SectionName}:PublicKey is required when {SectionName}:BaseUrl is set.";
        }

        if (string.IsNullOrWhiteSpace(SecretKey))
        {
            yield return $"{SectionName}:SecretKey is required when {SectionName}:BaseUrl is set (from the environment or a secret store).";
        }
    }
}
