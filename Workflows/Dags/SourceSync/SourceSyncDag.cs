using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Switchboard.Workflows.Clients;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary>
/// (a) Source sync: <c>sync-folders</c>, <c>sync-urls</c> and <c>sync-buckets</c> (side by side) upload new and changed
/// documents through the Gateway (a changed file becomes a new version of the document of the same name), then
/// <c>retire</c> deletes the documents whose source disappeared — only when every sync succeeded, so a source that does not answer never retires anything.
/// Idempotent by content hash (<see cref="SyncState"/>).
/// </summary>
public sealed partial class SourceSyncDag(
    GatewayApi gateway, SyncState state, IHttpClientFactory httpFactory, IOptionsMonitor<SourceSyncOptions> options,
    IHostEnvironment environment, TimeProvider clock) : IWorkflowDag
{
    public const string DagName = "source-sync";
    public const string SyncTag = "source-sync";
    public const string HttpSourceClient = "source-sync-http";

    public string Name => DagName;

    public string Description => "Ingests new and changed documents of the watched folders, URLs and buckets as new versions; retires removed ones.";

    public IReadOnlyList<WorkflowStep> Steps =>
    [
        WorkflowStep.Create("sync-folders", SyncFoldersAsync),
        WorkflowStep.Create("sync-urls", SyncUrlsAsync),
        WorkflowStep.Create("sync-buckets", SyncBucketsAsync),
        WorkflowStep.Create("retire", RetireAsync, "sync-folders", "sync-urls", "sync-buckets"),
    ];

    private async Task<StepResult> SyncFoldersAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var seen = new List<string>();
        var counts = new SyncCounts();
        var failures = new List<string>();
        foreach (var configured in settings.Folders.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            var folder = Path.GetFullPath(configured, environment.ContentRootPath);
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException($"watched folder '{folder}' does not exist or cannot be read");
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (!settings.Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                var item = $"file:{file}";
                seen.Add(item);
                try
                {
                    var info = new FileInfo(file);
                    if (info.Length > settings.MaxFileBytes)
                    {
                        failures.Add($"{info.Name}: {info.Length} bytes is over Workflows:SourceSync:MaxFileBytes");
                        continue;
                    }

                    var content = await File.ReadAllBytesAsync(file, cancellationToken);
                    await IngestAsync(item, info.Name, content, null, null, counts, cancellationToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or HttpRequestException)
                {
                    failures.Add($"{Path.GetFileName(file)}: {ex.Message}");
                }
            }
        }

        return Finish("folder", seen, counts, failures);
    }

    private async Task<StepResult> SyncUrlsAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var http = httpFactory.CreateClient(HttpSourceClient);
        var seen = new List<string>();
        var counts = new SyncCounts();
        var failures = new List<string>();
        foreach (var url in settings.Urls.Where(u => !string.IsNullOrWhiteSpace(u)).Select(u => u.Trim()))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new PermanentStepException($"Workflows:SourceSync:Urls: '{url}' is not an absolute http(s) URL");
            }

            var item = $"url:{uri}";
            var known = await state.GetAsync(item);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (known?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            {
                request.Headers.IfNoneMatch.Add(tag);
            }

            if (known?.LastModified is { } modified && DateTimeOffset.TryParse(modified, out var since))
            {
                request.Headers.IfModifiedSince = since;
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{uri}: not reachable ({ex.HttpRequestError})");
                seen.Add(item); // unknown, never retired because of an outage
                continue;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{uri}: no answer within {http.Timeout.TotalSeconds:F0} s");
                seen.Add(item);
                continue;
            }

            using (response)
            {
                if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
                {
                    continue; // removed at the source: retire decides
                }

                seen.Add(item);
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    counts.Unchanged++;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    failures.Add($"{uri}: answered {(int)response.StatusCode}");
                    continue;
                }

                if (response.Content.Headers.ContentLength > settings.MaxFileBytes)
                {
                    failures.Add($"{uri}: {response.Content.Headers.ContentLength} bytes is over Workflows:SourceSync:MaxFileBytes");
                    continue;
                }

                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var name = FileNameOf(uri, response);
                try
                {
                    await IngestAsync(item, name, content, response.Headers.ETag?.ToString(),
                        response.Content.Headers.LastModified?.ToString("R"), counts, cancellationToken, response.Content.Headers.ContentType?.MediaType);
                }
                catch (HttpRequestException ex)
                {
                    failures.Add($"{name}: {ex.Message}");
                }
            }
        }

        return Finish("URL", seen, counts, failures);
    }

    private async Task<StepResult> RetireAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.RetireRemoved)
        {
            return new StepResult("retiring is off (Workflows:SourceSync:RetireRemoved=false)");
        }

        var seen = new[] { "sync-folders", "sync-urls", "sync-buckets" }
            .SelectMany(step => context.Output<SyncOutput>(step).Seen).ToHashSet(StringComparer.Ordinal);
        var retired = new List<string>();
        foreach (var (item, synced) in await state.AllAsync())
        {
            if (seen.Contains(item))
            {
                continue;
            }

            // Another item may have the same document (the same file name in two sources): keep it while one is left.
            await gateway.DeleteAsync(synced.DocumentId, cancellationToken);
            await state.RemoveAsync(item);
            retired.Add(synced.Name);
        }

        return new StepResult(retired.Count == 0 ? "nothing to retire" : $"retired {retired.Count}: {string.Join(", ", retired)}",
            new { Retired = retired });
    }

    private async Task IngestAsync(
        string item, string name, byte[] content, string? etag, string? lastModified, SyncCounts counts, CancellationToken cancellationToken,
        string? mediaType = null)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        var known = await state.GetAsync(item);
        if (known is not null && known.ContentHash == hash)
        {
            counts.Unchanged++;
            if (known.ETag != etag || known.LastModified != lastModified)
            {
                await state.SetAsync(item, known with { ETag = etag, LastModified = lastModified });
            }

            return;
        }

        var tags = new List<string> { SyncTag };
        tags.AddRange(options.CurrentValue.Tags);
        var upload = await gateway.UploadAsync(name, content, ContentTypeOf(name, mediaType), tags, cancellationToken);
        await state.SetAsync(item, new SyncedItem(upload.Document.Id, name, hash, upload.Document.Version, clock.GetUtcNow())
        {
            ETag = etag,
            LastModified = lastModified,
        });
        if (upload.Duplicate)
        {
            counts.Unchanged++;
        }
        else if (known is null && upload.Document.Version <= 1)
        {
            counts.Added++;
        }
        else
        {
            counts.Updated++;
        }
    }

    private static StepResult Finish(string kind, List<string> seen, SyncCounts counts, List<string> failures) =>
        failures.Count > 0
            // The items that went through are recorded; a retry only redoes the failed ones.
            ? throw new InvalidOperationException(FailureSummary(kind, seen, counts, failures))
            : new StepResult(Summary(kind, seen, counts), new SyncOutput(seen, counts.Added, counts.Updated, counts.Unchanged));

    private static string Summary(string kind, List<string> seen, SyncCounts counts) =>
        $"{seen.Count} {kind} item(s): {counts.Added} new, {counts.Updated} new version(s), {counts.Unchanged} unchanged";

    private static string FailureSummary(string kind, List<string> seen, SyncCounts counts, List<string> failures) =>
        $"{Summary(kind, seen, counts)}; {failures.Count} failed: {string.Join("; ", failures)}";

    private static string FileNameOf(Uri uri, HttpResponseMessage response)
    {
        var fromHeader = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
        var name = !string.IsNullOrWhiteSpace(fromHeader) ? fromHeader.Trim('"') : Path.GetFileName(uri.AbsolutePath);
        return string.IsNullOrWhiteSpace(name) ? uri.Host + ".html" : name;
    }

    public static string ContentTypeOf(string fileName, string? mediaType = null) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".txt" => "text/plain",
        ".html" or ".htm" => "text/html",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => mediaType ?? "application/octet-stream",
    };

    private sealed class SyncCounts
    {
        public int Added { get; set; }

        public int Updated { get; set; }

        public int Unchanged { get; set; }
    }
}

public sealed record SyncOutput(IReadOnlyList<string> Seen, int Added, int Updated, int Unchanged);
