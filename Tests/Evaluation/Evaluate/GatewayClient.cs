using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Evaluation.Evaluate;

/// <summary>What one call returned, or why it did not, and how long it took as the harness saw it.</summary>
public sealed record CallResult<T>(T? Value, string? Error, double ElapsedMs) where T : class;

/// <summary>The Gateway's public API as the harness uses it: upload and list documents, ask, search.</summary>
public sealed class GatewayClient(HttpClient http) : IDisposable
{
    /// <summary>
    /// A client for <paramref name="gateway"/>. <paramref name="bearerToken"/> (from the environment, never the command
    /// line) is sent when the Gateway requires JWT.
    /// </summary>
    public static GatewayClient Create(Uri gateway, string? bearerToken)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrWhiteSpace(bearerToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return new GatewayClient(http);
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListDocumentsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options, cancellationToken) ?? [];

    public async Task<DocumentInfo?> GetDocumentAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"/v1/documents/{Uri.EscapeDataString(id)}", cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound
            ? null
            : await Read<DocumentInfo>(response, cancellationToken);
    }

    /// <summary><c>POST /v1/documents</c> with the file and, when given, the <c>tags</c>/<c>allowedGroups</c> form fields.</summary>
    public async Task<CallResult<DocumentInfo>> UploadAsync(
        string path, IReadOnlyList<string>? allowedGroups, IReadOnlyList<string>? tags, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(path, cancellationToken));
        file.Headers.ContentType = new MediaTypeHeaderValue(ContentTypeOf(path));
        form.Add(file, "file", Path.GetFileName(path));
        foreach (var group in allowedGroups ?? [])
        {
            form.Add(new StringContent(group), "allowedGroups");
        }

        foreach (var tag in tags ?? [])
        {
            form.Add(new StringContent(tag), "tags");
        }

        return await CallAsync<DocumentInfo>(() => http.PostAsync("/v1/documents", form, cancellationToken), HttpStatusCode.Accepted, cancellationToken);
    }

    public Task<CallResult<AskResponse>> AskAsync(string question, CancellationToken cancellationToken) =>
        CallAsync<AskResponse>(() => http.PostAsJsonAsync("/v1/ask", new { question }, SwitchboardJson.Options, cancellationToken), HttpStatusCode.OK, cancellationToken);

    public Task<CallResult<SearchResponse>> SearchAsync(string query, int topK, CancellationToken cancellationToken) =>
        CallAsync<SearchResponse>(() => http.PostAsJsonAsync("/v1/search", new { query, topK }, SwitchboardJson.Options, cancellationToken), HttpStatusCode.OK, cancellationToken);

    public void Dispose() => http.Dispose();

    public static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".txt" => "text/plain",
        ".html" or ".htm" => "text/html",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    };

    private static async Task<CallResult<T>> CallAsync<T>(
        Func<Task<HttpResponseMessage>> send, HttpStatusCode expected, CancellationToken cancellationToken) where T : class
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await send();
            if (response.StatusCode != expected)
            {
                return new(null, await DescribeAsync(response, cancellationToken), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var value = await Read<T>(response, cancellationToken);
            return new(value, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new(null, $"{ex.GetType().Name}: {ex.Message}", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static async Task<T> Read<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(SwitchboardJson.Options, cancellationToken)
        ?? throw new JsonException($"{response.RequestMessage?.RequestUri} returned an empty body.");

    /// <summary>"401 Authentication required: ..." from a ProblemDetails body, or the status alone.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var problem = JsonDocument.Parse(text);
            var title = problem.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return $"{(int)response.StatusCode} {title}{(detail is null ? "" : ": " + detail)}";
        }
        catch (JsonException)
        {
            return $"{(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}
