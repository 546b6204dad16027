using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// Qdrant's REST API (1.19) over one <see cref="HttpClient"/>: the envelope (<c>{status, result}</c>), the
/// <c>api-key</c> header, a timeout per attempt, and retries with exponential backoff on 5xx, 408, 429, connection errors
/// and timeouts. Every write the connector makes is idempotent (deterministic point ids, delete by filter, 409 on a
/// repeated create is success), so retrying a write whose response was lost is safe.
/// A rejected request throws <see cref="QdrantException"/> carrying Qdrant's error text, which is also logged.
/// </summary>
public sealed class QdrantRestClient(HttpClient http, IOptions<QdrantOptions> options, ILogger<QdrantRestClient> logger)
{
    private readonly QdrantOptions _options = options.Value;

    public string Collection => _options.CollectionName;

    /// <summary>Sends one request and returns the envelope's <c>result</c>.</summary>
    /// <param name="acceptConflict">409 is success (creating what exists); the result is then null.</param>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken cancellationToken, bool acceptConflict = false)
    {
        var operation = $"{method} {StripQuery(pathAndQuery)}";
        var payload = body?.ToJsonString();
        for (var attempt = 0; ; attempt++)
        {
            string? failure;
            Exception? error = null;
            HttpStatusCode? status = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                using var request = new HttpRequestMessage(method, new Uri(_options.Endpoint!, pathAndQuery));
                if (!string.IsNullOrEmpty(_options.ApiKey))
                {
                    request.Headers.TryAddWithoutValidation("api-key", _options.ApiKey);
                }

                if (payload is not null)
                {
                    request.Content = new StringContent(payload, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return ResultOf(response, text);
                }

                if (acceptConflict && response.StatusCode == HttpStatusCode.Conflict)
                {
                    logger.LogDebug("Qdrant {Operation}: already exists ({Error})", operation, ErrorText(text));
                    return null;
                }

                status = response.StatusCode;
                failure = ErrorText(text);
                if (!IsTransient(response.StatusCode) || attempt >= _options.MaxRetries)
                {
                    // The body is Qdrant's explanation of the rejection: it is what an operator needs, so it is kept.
                    logger.LogError("Qdrant {Operation} failed with {Status}: {QdrantError}", operation, (int)response.StatusCode, failure);
                    throw new QdrantException(operation, response.StatusCode, failure);
                }
            }
            catch (HttpRequestException ex) when (attempt < _options.MaxRetries)
            {
                failure = ex.Message;
                error = ex;
            }
            catch (HttpRequestException ex)
            {
                logger.LogError(ex, "Qdrant {Operation} failed: {Error}", operation, ex.Message);
                throw new QdrantException(operation, null, ex.Message, ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no response within {_options.Timeout}";
                error = ex;
                if (attempt >= _options.MaxRetries)
                {
                    logger.LogError("Qdrant {Operation} failed: {Error}", operation, failure);
                    throw new QdrantException(operation, null, failure, new TimeoutException(failure, ex));
                }
            }

            var delay = Backoff(attempt);
            logger.LogWarning(error, "Qdrant {Operation} attempt {Attempt} failed ({Status}: {Failure}); retrying in {Delay} ms",
                operation, attempt + 1, status is null ? "no response" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), failure, (int)delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    public Task<JsonNode?> PostAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, body, cancellationToken);

    public Task<JsonNode?> PutAsync(string path, JsonNode body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    /// <summary><c>GET /readyz</c>: 200 when every shard is ready. Not retried: a health probe must answer promptly.</summary>
    public async Task<(bool Ready, string Detail)> ReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var response = await http.GetAsync(new Uri(_options.Endpoint!, "readyz"), timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);
        return (response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text.Trim()}");
    }

    public static string PathOf(string collection, string suffix = "") => "collections/" + Uri.EscapeDataString(collection) + suffix;

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private TimeSpan Backoff(int attempt)
    {
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(_options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt) * jitter);
    }

    private static JsonNode? ResultOf(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json" || string.IsNullOrWhiteSpace(text))
        {
            return JsonValue.Create(text);
        }

        return JsonNode.Parse(text)?["result"];
    }

    /// <summary>Qdrant's <c>ErrorResponse.status.error</c>, or the raw body (trimmed) when it is not that shape.</summary>
    internal static string ErrorText(string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject envelope && envelope["status"] is JsonObject status && status["error"] is JsonValue error)
            {
                return error.ToString();
            }
        }
        catch (JsonException)
        {
        }

        var trimmed = body.Trim();
        return trimmed.Length > 2000 ? trimmed[..2000] + "…" : trimmed;
    }

    private static string StripQuery(string path) => path.Split('?')[0];
}
