namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// One REST API an agent may call, bound from <c>Tools:Apis:&lt;name&gt;</c> (named options; the name is the API's
/// name). Every setting is checked at start-up by <see cref="RestApiOptionsValidator"/>, so a typo fails the host
/// with the full configuration key instead of failing the first question that needs the tool.
/// </summary>
public sealed class RestApiOptions
{
    public const string SectionName = "Tools:Apis";

    /// <summary>
    /// Optional OpenAPI 3 document (JSON or YAML file; a relative path is resolved against the directory of the
    /// <c>Tools:ConfigurationFile</c> holding it, else the application's base directory) whose operations become this API's tools
    /// (<see cref="OpenApiToolDocument"/>). Operations configured here as well override the document's by name; the
    /// document's server, title and security scheme fill <see cref="BaseUrl"/>, <see cref="DisplayName"/> and the auth
    /// header when those are not configured.
    /// </summary>
    public string? OpenApi { get; set; }

    /// <summary>Problems found reading <see cref="OpenApi"/>, reported by the start-up validation with the API's key.</summary>
    internal List<string> OpenApiErrors { get; } = [];

    /// <summary>Absolute http(s) URL the operation paths are relative to (service discovery names such as <c>http://fxrates</c> work).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>How the API is named to users and in citations; defaults to the configuration name.</summary>
    public string? DisplayName { get; set; }

    /// <summary>Optional authentication header; its value comes from a secret (environment, user-secrets, Kubernetes Secret).</summary>
    public RestApiAuthOptions? Auth { get; set; }

    /// <summary>Timeout of one attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of one call: every attempt, every retry delay and the wait in the queue together.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public RestApiRetryOptions Retry { get; set; } = new();

    /// <summary>Calls in flight to this API at once; the rest wait in the queue.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Calls that may wait for a free slot; one more is rejected at once (backpressure, not an unbounded backlog).</summary>
    public int QueueLimit { get; set; } = 16;

    public RestApiCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    public Dictionary<string, RestApiOperationOptions> Operations { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class RestApiAuthOptions
{
    /// <summary>The header that carries the secret, e.g. <c>Authorization</c> or <c>X-Api-Key</c>.</summary>
    public string? Header { get; set; }

    /// <summary>The secret itself. Never put it in a committed file: set <c>Tools__Apis__&lt;name&gt;__Auth__Secret</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>Optional scheme written before the secret, e.g. <c>Bearer</c>.</summary>
    public string? Scheme { get; set; }
}

public sealed class RestApiRetryOptions
{
    /// <summary>Attempts in total, the first included (1 = no retry).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The first backoff delay; it doubles per retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap of one backoff delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest <c>Retry-After</c> (on 429/503) the connector waits out. A longer one is not retried: the call fails
    /// at once with <see cref="ToolFailure.RateLimited"/> and the server's delay, so the caller can decide.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class RestApiCircuitBreakerOptions
{
    /// <summary>Share of failed attempts within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Attempts needed within <see cref="SamplingDuration"/> before the ratio is judged.</summary>
    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the circuit stays open before one trial call is let through (half-open).</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>One operation of the API (one tool), bound from <c>Tools:Apis:&lt;name&gt;:Operations:&lt;op&gt;</c>.</summary>
public sealed class RestApiOperationOptions
{
    /// <summary>HTTP method; GET by default. Only idempotent methods are retried after 5xx, timeouts and network errors.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Path relative to the base URL with <c>{param}</c> placeholders, e.g. <c>/v1/rates/{base}/{quote}</c>.</summary>
    public string? Path { get; set; }

    /// <summary>What the tool does, for the model choosing tools.</summary>
    public string? Description { get; set; }

    public Dictionary<string, RestApiParameterOptions> Parameters { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Result field name → JSON path into the response (subset: <c>$.a.b[0].c</c>). Every path must resolve.</summary>
    public Dictionary<string, string> Result { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Citation text template over parameters and result fields, e.g. <c>FX rates API, {base}/{quote} at {asOf}</c>.</summary>
    public string? Citation { get; set; }

    /// <summary>
    /// The answer sentence template for the extractive (no-LLM) path, e.g. <c>The {base}/{quote} rate on {asOf} is {rate}.</c>
    /// When unset the sentence lists the result fields.
    /// </summary>
    public string? Answer { get; set; }

    /// <summary>Regular expressions (case-insensitive) whose named groups fill parameters; the first that matches wins.</summary>
    public List<string> QuestionPatterns { get; set; } = [];
}

public sealed class RestApiParameterOptions
{
    public string? Description { get; set; }

    /// <summary><c>path</c> (fills a <c>{placeholder}</c>) or <c>query</c>.</summary>
    public string In { get; set; } = ParameterLocations.Query;

    public bool Required { get; set; }

    /// <summary>A regular expression the whole value must match (after <see cref="Case"/>), e.g. <c>^[A-Z]{3}$</c>.</summary>
    public string? Pattern { get; set; }

    /// <summary><c>upper</c> or <c>lower</c>: normalises a value taken from a question ("eur" → "EUR") before the pattern check.</summary>
    public string? Case { get; set; }
}

public static class ParameterLocations
{
    public const string Path = "path";
    public const string Query = "query";
}
