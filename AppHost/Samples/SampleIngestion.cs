using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Switchboard.AppHost.Samples;

/// <summary>Uploads each sample through <c>POST /v1/documents</c> and waits until the Gateway reports it ready or failed.</summary>
internal sealed class SampleIngestion(Uri gateway, ILogger log)
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Returns the names of the samples that ended <c>ready</c>; every other outcome is logged as an error.</summary>
    public async Task<IReadOnlyList<string>> IngestAsync(IReadOnlyList<string> files, Action<int> progress, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromMinutes(1) };
        var ready = new List<string>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var id = await UploadAsync(http, file, cancellationToken);
            if (id is null)
            {
                continue;
            }

            var (status, error) = await WaitAsync(http, id, cancellationToken);
            if (status == "ready")
            {
                log.LogInformation("{Sample} is ready (document {Id}).", name, id);
                ready.Add(name);
                progress(ready.Count);
            }
            else
            {
                log.LogError("{Sample} ended '{Status}': {Error}", name, status, error);
            }
        }

        return ready;
    }

    private async Task<string?> UploadAsync(HttpClient http, string file, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
        part.Headers.ContentType = new MediaTypeHeaderValue(ContentTypeOf(name));
        form.Add(part, "file", name);
        using var response = await http.PostAsync("/v1/documents", form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            log.LogError("Uploading {Sample}: the Gateway answered {Status}: {Body}", name, (int)response.StatusCode, body);
            return null;
        }

        // 200 + Switchboard-Duplicate-Of: the same content is already there (an earlier, interrupted start).
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
        log.LogInformation("Uploaded {Sample} (document {Id}{Duplicate}).", name, id, response.StatusCode == HttpStatusCode.OK ? ", already known" : "");
        return id;
    }

    private static async Task<(string Status, string? Error)> WaitAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + IngestTimeout;
        var status = "unknown";
        string? error = null;
        while (DateTime.UtcNow < deadline)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync($"/v1/documents/{id}", cancellationToken));
            status = document.RootElement.GetProperty("status").GetString() ?? "unknown";
            error = document.RootElement.TryGetProperty("error", out var e) ? e.ToString() : null;
            if (status is "ready" or "failed")
            {
                return (status, error);
            }

            await Task.Delay(250, cancellationToken);
        }

        return (status, $"still '{status}' after {IngestTimeout.TotalSeconds:F0} s");
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}
