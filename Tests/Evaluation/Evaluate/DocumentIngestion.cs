using Switchboard.AgentCore.Contracts;

namespace Switchboard.Evaluation.Evaluate;

/// <summary>One document of the set and how its ingestion ended.</summary>
public sealed record IngestedDocument(string Name, string Status, int Chunks, bool AlreadyPresent, string? Error);

/// <summary>
/// Brings the document folder into the Gateway: every file not already ready under the same name is uploaded through
/// <c>POST /v1/documents</c>, then polled until ready or failed.
/// </summary>
public sealed class DocumentIngestion(GatewayClient gateway, TextWriter log)
{
    /// <summary>
    /// The documents of every path given: a file is itself; a folder, the files in the folder itself (not sub-folders
    /// such as eval/) except the samples' README and questions.json.
    /// </summary>
    public static IReadOnlyList<string> DocumentFiles(IReadOnlyList<string> paths) =>
        paths.SelectMany(path => File.Exists(path) ? [path] : DocumentFiles(path)).ToList();

    public static IReadOnlyList<string> DocumentFiles(string folder) =>
        Directory.GetFiles(folder)
            .Where(path => Path.GetFileName(path) is var name
                && !name.StartsWith('.')
                && !string.Equals(name, "README.md", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(name, "questions.json", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();

    public async Task<IReadOnlyList<IngestedDocument>> EnsureAsync(IReadOnlyList<string> files, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var existing = await gateway.ListDocumentsAsync(cancellationToken);
        var results = new Dictionary<string, IngestedDocument>(StringComparer.Ordinal);
        var pending = new Dictionary<string, string>(StringComparer.Ordinal); // document id -> file name
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            if (existing.FirstOrDefault(d => d.Name == name && d.Status == DocumentStatus.Ready) is { } ready)
            {
                results[name] = new IngestedDocument(name, ready.Status, ready.Chunks, AlreadyPresent: true, null);
                continue;
            }

            var upload = await gateway.UploadAsync(file, allowedGroups: null, tags: null, cancellationToken);
            if (upload.Value is null)
            {
                results[name] = new IngestedDocument(name, "rejected", 0, false, upload.Error);
                log.WriteLine($"  upload of {name} rejected: {upload.Error}");
            }
            else
            {
                pending[upload.Value.Id] = name;
            }
        }

        var deadline = DateTime.UtcNow + timeout;
        while (pending.Count > 0)
        {
            foreach (var (id, name) in pending.ToList())
            {
                var document = await gateway.GetDocumentAsync(id, cancellationToken);
                if (document is null || document.Status is DocumentStatus.Ready or DocumentStatus.Failed)
                {
                    results[name] = new IngestedDocument(name, document?.Status ?? "missing", document?.Chunks ?? 0, false, document?.Error);
                    pending.Remove(id);
                }
            }

            if (pending.Count > 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    foreach (var name in pending.Values)
                    {
                        results[name] = new IngestedDocument(name, "timeout", 0, false, $"not ready after {timeout.TotalSeconds:0} s");
                    }

                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
        }

        var ordered = files.Select(f => results[Path.GetFileName(f)]).ToList();
        foreach (var document in ordered)
        {
            log.WriteLine($"  {document.Name}: {document.Status}{(document.AlreadyPresent ? " (already present)" : "")}, {document.Chunks} chunks{(document.Error is null ? "" : " - " + document.Error)}");
        }

        return ordered;
    }
}
