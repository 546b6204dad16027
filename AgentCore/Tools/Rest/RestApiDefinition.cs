using System.Text.RegularExpressions;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// An API's options checked and compiled once: regular expressions built, JSON paths parsed, templates matched against
/// the parameters. <see cref="Compile"/> reports every problem with its full configuration key, which is what start-up
/// validation shows.
/// </summary>
public sealed partial class RestApiDefinition
{
    private RestApiDefinition(string name, RestApiOptions options, Uri baseUrl, IReadOnlyDictionary<string, OperationDefinition> operations)
    {
        Name = name;
        Options = options;
        BaseUrl = baseUrl;
        Operations = operations;
    }

    public string Name { get; }

    /// <summary>How users see the API: <see cref="RestApiOptions.DisplayName"/> or the configuration name.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Options.DisplayName) ? Name : Options.DisplayName;

    public RestApiOptions Options { get; }

    public Uri BaseUrl { get; }

    public IReadOnlyDictionary<string, OperationDefinition> Operations { get; }

    /// <summary>The secret, or null when the API has no authentication.</summary>
    public string? Secret => Options.Auth?.Secret;

    public static RestApiDefinition? Compile(string name, RestApiOptions options, List<string> errors)
    {
        var key = $"{RestApiOptions.SectionName}:{name}";
        var before = errors.Count;
        errors.AddRange(options.OpenApiErrors);
        if (!ValidName().IsMatch(name))
        {
            errors.Add($"{key}: the API name must be 1-32 letters, digits, '_' or '-' (it becomes part of tool names).");
        }

        Uri? baseUrl = null;
        if (string.IsNullOrWhiteSpace(options.BaseUrl))
        {
            errors.Add($"{key}:BaseUrl is required (an absolute http or https URL).");
        }
        else if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"{key}:BaseUrl '{options.BaseUrl}' is not an absolute http or https URL.");
        }

        CheckAuth(key, options.Auth, errors);
        CheckLimits(key, options, errors);

        var operations = new Dictionary<string, OperationDefinition>(StringComparer.OrdinalIgnoreCase);
        if (options.Operations.Count == 0)
        {
            errors.Add($"{key}:Operations must declare at least one operation.");
        }

        foreach (var (opName, op) in options.Operations)
        {
            if (OperationDefinition.Compile(name, opName, op, $"{key}:Operations:{opName}", errors) is { } compiled)
            {
                operations[opName] = compiled;
            }
        }

        return errors.Count == before ? new RestApiDefinition(name, options, baseUrl!, operations) : null;
    }

    private static void CheckAuth(string key, RestApiAuthOptions? auth, List<string> errors)
    {
        if (auth is null || (auth.Header is null && auth.Secret is null && auth.Scheme is null))
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(auth.Header) || !HeaderName().IsMatch(auth.Header))
        {
            errors.Add($"{key}:Auth:Header must be a valid HTTP header name, e.g. Authorization or X-Api-Key.");
        }

        if (string.IsNullOrEmpty(auth.Secret))
        {
            // The value is never echoed, only where to put it.
            errors.Add($"{key}:Auth:Secret is not set; provide it from a secret store or the environment variable "
                + $"{key.Replace(":", "__", StringComparison.Ordinal)}__Auth__Secret.");
        }
        else if (auth.Secret.Any(char.IsControl))
        {
            errors.Add($"{key}:Auth:Secret contains control characters.");
        }

        if (auth.Scheme is not null && !HeaderName().IsMatch(auth.Scheme))
        {
            errors.Add($"{key}:Auth:Scheme must be a single token such as Bearer.");
        }
    }

    private static void CheckLimits(string key, RestApiOptions o, List<string> errors)
    {
        // The lower bounds below are Polly's own: its strategies reject smaller values when the pipeline is built,
        // which would otherwise surface on the first call instead of at start-up.
        if (o.Timeout < TimeSpan.FromMilliseconds(10) || o.Timeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:Timeout must be between 00:00:00.010 and 1.00:00:00; it is {o.Timeout}.");
        }

        if (o.TotalTimeout < o.Timeout || o.TotalTimeout > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:TotalTimeout must be at least Timeout ({o.Timeout}) and at most 1.00:00:00; it is {o.TotalTimeout}.");
        }

        if (o.Retry.MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{key}:Retry:MaxAttempts must be between 1 (no retry) and 10; it is {o.Retry.MaxAttempts}.");
        }

        if (o.Retry.BaseDelay < TimeSpan.Zero || o.Retry.BaseDelay > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:Retry:BaseDelay must be between 0 and 1.00:00:00; it is {o.Retry.BaseDelay}.");
        }

        if (o.Retry.MaxDelay < o.Retry.BaseDelay)
        {
            errors.Add($"{key}:Retry:MaxDelay must be at least Retry:BaseDelay ({o.Retry.BaseDelay}); it is {o.Retry.MaxDelay}.");
        }

        if (o.Retry.MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"{key}:Retry:MaxRetryAfter must not be negative.");
        }

        if (o.MaxConcurrency is < 1 or > 10_000)
        {
            errors.Add($"{key}:MaxConcurrency must be between 1 and 10000; it is {o.MaxConcurrency}.");
        }

        if (o.QueueLimit is < 0 or > 100_000)
        {
            errors.Add($"{key}:QueueLimit must be between 0 and 100000; it is {o.QueueLimit}.");
        }

        var cb = o.CircuitBreaker;
        if (cb.FailureRatio is <= 0 or > 1)
        {
            errors.Add($"{key}:CircuitBreaker:FailureRatio must be greater than 0 and at most 1; it is {cb.FailureRatio}.");
        }

        if (cb.MinimumThroughput < 2)
        {
            errors.Add($"{key}:CircuitBreaker:MinimumThroughput must be at least 2; it is {cb.MinimumThroughput}.");
        }

        if (cb.SamplingDuration < TimeSpan.FromMilliseconds(500) || cb.SamplingDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:CircuitBreaker:SamplingDuration must be between 00:00:00.5 and 1.00:00:00; it is {cb.SamplingDuration}.");
        }

        if (cb.BreakDuration < TimeSpan.FromMilliseconds(500) || cb.BreakDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{key}:CircuitBreaker:BreakDuration must be between 00:00:00.5 and 1.00:00:00; it is {cb.BreakDuration}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    internal static partial Regex ValidName();

    // RFC 9110 token characters.
    [GeneratedRegex(@"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")]
    private static partial Regex HeaderName();
}
