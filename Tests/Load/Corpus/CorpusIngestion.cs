using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Switchboard.Load.Cli;

namespace Switchboard.Load.Corpus;

/// <summary>One corpus document and how its ingestion ended.</summary>
public sealed record IngestedDocument(string Name, string Source, string Status, int Chunks, bool AlreadyPresent, string? Error);

/// <summary>
/// Makes the corpus reproducible: every document of the corpus folders is uploaded through <c>POST /v1/documents</c>
/// (multipart <c>file</c>) unless a document of that name is already <c>ready</c>, then polled through
/// <c>GET /v1/documents/{id}</c> until ready or failed, within one time limit.
/// </summary>
public sealed class CorpusIngestion(HttpClient http, TextWriter log)
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "README.md", "questions.json", "manifest.json", "queries.txt" };
    private static readonly HashSet<string> Extensions = new(StringComparer.OrdinalIgnoreCase) { ".pdf", ".csv", ".txt", ".md", ".html", ".htm", ".docx" };

    /// <summary>
    /// The document files of a corpus folder: its own files, and those of its sub-folders except <c>eval/</c> (so
    /// <c>samples/</c> and <c>../shared/devdata/</c> with its pdf/, csv/, text/ both work), in a fixed order.
    /// </summary>
    public static IReadOnlyList<string> DocumentFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).Any(p => p.StartsWith('.') || p == "eval"))
            .Where(path => !Skipped.Contains(Path.GetFileName(path)) && Extensions.Contains(Path.GetExtension(path)))
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<IReadOnlyList<IngestedDocument>> EnsureAsync(IReadOnlyList<string> files, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var existing = await ListAsync(cancellationToken);
        var results = new Dictionary<string, IngestedDocument>(StringComparer.Ordinal);
        var pending = new Dictionary<string, (string Name, string Path)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (existing.FirstOrDefault(d => d.Name == name && d.Status == "ready") is { } ready)
            {
                results[file] = new IngestedDocument(name, file, ready.Status, ready.Chunks, true, null);
                continue;
            }

            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(file, cancellationToken));
            content.Headers.ContentType = new MediaTypeHeaderValue(ContentTypeOf(file));
            form.Add(content, "file", name);
            using var response = await http.PostAsync("/v1/documents", form, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK && Document(body) is { } accepted)
            {
                pending[accepted.Id] = (name, file);
                log.WriteLine($"  uploaded {name} ({(int)response.StatusCode}), document {accepted.Id}");
            }
            else
            {
                results[file] = new IngestedDocument(name, file, $"rejected {(int)response.StatusCode}", 0, false, Shorten(body));
                log.WriteLine($"  upload of {name} was rejected with {(int)response.StatusCode}: {Shorten(body)}");
            }
        }

        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0)
        {
            foreach (var (id, (name, file)) in pending.ToList())
            {
                using var response = await http.GetAsync($"/v1/documents/{Uri.EscapeDataString(id)}", cancellationToken);
                var document = response.IsSuccessStatusCode ? Document(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
                if (document is null || document.Status is "ready" or "failed")
                {
                    results[file] = new IngestedDocument(name, file, document?.Status ?? $"missing ({(int)response.StatusCode})", document?.Chunks ?? 0, false, document?.Error);
                    pending.Remove(id);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                foreach (var (_, (name, file)) in pending)
                {
                    results[file] = new IngestedDocument(name, file, "timeout", 0, false, $"not ready after {Durations.Format(timeout)}");
                }

                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        var ordered = files.Where(results.ContainsKey).Select(f => results[f]).ToList();
        foreach (var document in ordered)
        {
            log.WriteLine($"  {document.Name}: {document.Status}{(document.AlreadyPresent ? " (already present)" : "")}, {document.Chunks} chunks{(document.Error is null ? "" : " - " + document.Error)}");
        }

        return ordered;
    }

    public async Task<IReadOnlyList<DocumentView>> ListAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("/v1/documents", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
            : json.RootElement.TryGetProperty("documents", out var documents) ? documents : default;
        return items.ValueKind == JsonValueKind.Array ? items.EnumerateArray().Select(Document).OfType<DocumentView>().ToList() : [];
    }

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

    private static DocumentView? Document(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Document(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DocumentView? Document(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? new DocumentView(
                id.GetString()!,
                e.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "",
                e.TryGetProperty("status", out var status) ? status.GetString() ?? "" : "",
                e.TryGetProperty("chunks", out var chunks) && chunks.ValueKind == JsonValueKind.Number ? chunks.GetInt32() : 0,
                e.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : null)
            : null;

    private static string Shorten(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "...";
}

/// <summary>The fields of a catalogued document the tool needs.</summary>
public sealed record DocumentView(string Id, string Name, string Status, int Chunks, string? Error);
