using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// The generic REST connector: builds the request from the operation's definition, adds the auth header from the
/// secret, sends it through the API's named HttpClient (whose pipeline does timeouts, retries, Retry-After, queueing
/// and the circuit breaker; see <see cref="RestApiResilience"/>), and turns the JSON response into a
/// <see cref="ToolResult"/>. Every failure becomes a <see cref="ToolCallException"/> with the secret redacted.
/// </summary>
public sealed partial class RestApiConnector(
    IHttpClientFactory clients,
    RestApiCatalog catalog,
    TimeProvider time,
    ILogger<RestApiConnector> logger) : IRestApiConnector
{
    private const int MaxDetailLength = 300;

    private static readonly Counter<long> Calls = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.tools.calls", "{call}", "REST tool calls, by API, operation and outcome");

    private static readonly Histogram<double> Duration = SwitchboardTelemetry.Meter.CreateHistogram<double>(
        "switchboard.tools.call.duration", "s", "REST tool call duration, retries and queueing included");

    /// <summary>The name of the HttpClient (and its resilience pipeline) of <paramref name="api"/>.</summary>
    public static string ClientName(string api) => $"switchboard-tool-{api}";

    public async Task<ToolResult> CallAsync(
        string api, string operation, IReadOnlyDictionary<string, string?> arguments, CancellationToken cancellationToken = default)
    {
        var definition = catalog.Get(api);
        if (!definition.Operations.TryGetValue(operation, out var op))
        {
            throw new ToolCallException(ToolFailure.InvalidArguments, definition.Name, operation,
                $"Tool API {definition.Name} has no operation '{operation}'.");
        }

        var started = time.GetTimestamp();
        using var activity = SwitchboardTelemetry.ActivitySource.StartActivity($"tool {definition.Name}/{op.Name}", ActivityKind.Client);
        activity?.SetTag("switchboard.tool.api", definition.Name);
        activity?.SetTag("switchboard.tool.operation", op.Name);
        var outcome = "error";
        try
        {
            var result = await SendAsync(definition, op, arguments, cancellationToken);
            outcome = "success";
            return result;
        }
        catch (ToolCallException ex)
        {
            outcome = ex.Failure.ToString();
            activity?.SetStatus(ActivityStatusCode.Error, ex.Failure.ToString());
            LogFailed(logger, definition.Name, op.Name, ex.Failure, ex.Message);
            throw;
        }
        finally
        {
            var tags = new TagList { { "api", definition.Name }, { "operation", op.Name }, { "outcome", outcome } };
            Calls.Add(1, tags);
            Duration.Record(time.GetElapsedTime(started).TotalSeconds, tags);
        }
    }

    private async Task<ToolResult> SendAsync(
        RestApiDefinition api, OperationDefinition op, IReadOnlyDictionary<string, string?> arguments, CancellationToken cancellationToken)
    {
        var (target, values) = op.BuildRequest(arguments);
        var uri = new Uri(WithTrailingSlash(api.BaseUrl), target);
        using var request = new HttpRequestMessage(op.Method, uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (api.Options.Auth is { Header: { Length: > 0 } header, Secret: { Length: > 0 } secret } auth)
        {
            request.Headers.TryAddWithoutValidation(header, string.IsNullOrWhiteSpace(auth.Scheme) ? secret : $"{auth.Scheme} {secret}");
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName(api.Name)).SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (Translate(api, op, ex, cancellationToken) is { } failure)
        {
            throw failure;
        }

        using (response)
        {
            var body = await ReadBodyAsync(api, op, response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw StatusFailure(api, op, response, body);
            }

            return Extract(api, op, values, uri, body);
        }
    }

    private ToolResult Extract(RestApiDefinition api, OperationDefinition op, IReadOnlyDictionary<string, string> arguments, Uri uri, string body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ToolCallException(ToolFailure.InvalidResponse, api.Name, op.Name,
                $"Tool {api.Name}/{op.Name}: the response is not JSON ({ex.Message}).");
        }

        using (document)
        {
            var extracted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var missing = new List<string>();
            foreach (var (field, path) in op.Result)
            {
                if (path.TryEvaluate(document.RootElement, out var value))
                {
                    extracted[field] = JsonPath.ToText(value);
                }
                else
                {
                    missing.Add($"{field} ({path})");
                }
            }

            if (missing.Count > 0)
            {
                throw new ToolCallException(ToolFailure.InvalidResponse, api.Name, op.Name,
                    $"Tool {api.Name}/{op.Name}: the response has no {string.Join(", ", missing)}.");
            }

            // Result values win over arguments in templates: they are what the API said (e.g. the date it used).
            string? Lookup(string name) => extracted.TryGetValue(name, out var v) ? v : arguments.TryGetValue(name, out var a) ? a : null;
            var citation = SecretRedactor.Redact(op.Citation.Render(Lookup), api.Secret);
            return new ToolResult(
                api.Name,
                api.DisplayName,
                op.Name,
                arguments,
                extracted,
                citation,
                SecretRedactor.Redact(SecretRedactor.WithoutUserInfo(uri), api.Secret),
                SecretRedactor.Redact(uri.PathAndQuery, api.Secret),
                time.GetUtcNow());
        }
    }

    private ToolCallException? Translate(RestApiDefinition api, OperationDefinition op, Exception ex, CancellationToken cancellationToken)
    {
        string Clean(string text) => SecretRedactor.Redact(text, api.Secret);
        var name = $"Tool {api.Name}/{op.Name}";
        return ex switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => null, // the caller gave up
            BrokenCircuitException => new ToolCallException(ToolFailure.CircuitOpen, api.Name, op.Name,
                $"{name}: the circuit is open after recent failures; the call was not sent.", innerException: null),
            RateLimiterRejectedException => new ToolCallException(ToolFailure.QueueFull, api.Name, op.Name,
                $"{name}: {api.Options.MaxConcurrency} call(s) in flight and {api.Options.QueueLimit} queued; the call was rejected without being sent."),
            TimeoutRejectedException => new ToolCallException(ToolFailure.Timeout, api.Name, op.Name,
                $"{name}: timed out (attempt timeout {api.Options.Timeout}, total {api.Options.TotalTimeout})."),
            HttpRequestException http => new ToolCallException(ToolFailure.Unavailable, api.Name, op.Name,
                Clean($"{name}: the API could not be reached: {http.Message}")),
            _ => null,
        };
    }

    private ToolCallException StatusFailure(RestApiDefinition api, OperationDefinition op, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var name = $"Tool {api.Name}/{op.Name}";
        var detail = SecretRedactor.Redact(Detail(body), api.Secret);
        var suffix = detail.Length > 0 ? $": {detail}" : ".";
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.Gone =>
                new ToolCallException(ToolFailure.NotFound, api.Name, op.Name, $"{name}: the API has no result for these arguments ({status}){suffix}", status),
            _ when RetryAfter.IsThrottling(response.StatusCode) && RetryAfter.From(response, time) is { } wait =>
                new ToolCallException(ToolFailure.RateLimited, api.Name, op.Name,
                    $"{name}: the API is throttling ({status}) and asks to retry after {wait.TotalSeconds:0.#} s{suffix}", status, wait),
            HttpStatusCode.TooManyRequests =>
                new ToolCallException(ToolFailure.RateLimited, api.Name, op.Name, $"{name}: the API is throttling ({status}){suffix}", status),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ToolCallException(ToolFailure.Unavailable, api.Name, op.Name,
                    $"{name}: the API refused the credentials ({status}); check {RestApiOptions.SectionName}:{api.Name}:Auth.", status),
            _ => new ToolCallException(ToolFailure.Unavailable, api.Name, op.Name, $"{name}: the API answered {status}{suffix}", status),
        };
    }

    private static async Task<string> ReadBodyAsync(RestApiDefinition api, OperationDefinition op, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ToolCallException(ToolFailure.InvalidResponse, api.Name, op.Name,
                SecretRedactor.Redact($"Tool {api.Name}/{op.Name}: the response could not be read: {ex.Message}", api.Secret), (int)response.StatusCode);
        }
    }

    /// <summary>A short explanation from an error body: ProblemDetails' detail or title, else the start of the text.</summary>
    private static string Detail(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in new[] { "detail", "title", "message", "error" })
                {
                    if (document.RootElement.TryGetProperty(member, out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        return Truncate(value.GetString() ?? "");
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return Truncate(body.Trim());
    }

    private static string Truncate(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tool {Api}/{Operation} failed: {Failure}. {Reason}")]
    private static partial void LogFailed(ILogger logger, string api, string operation, ToolFailure failure, string reason);
}
