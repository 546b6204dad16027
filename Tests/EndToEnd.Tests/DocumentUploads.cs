using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.EndToEnd.Tests;

/// <summary>Documents through the Gateway's API, as a user uploads them: the samples once per app, and single uploads.</summary>
internal sealed class DocumentUploads(Func<HttpClient> gateway, Func<string> diagnostics)
{
    private static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(3);

    private readonly SemaphoreSlim _ingestGate = new(1, 1);
    private IReadOnlyList<UploadedSample>? _samples;

    public IReadOnlyList<string> SampleFiles(string samplesDirectory) =>
        Directory.GetFiles(samplesDirectory)
            .Where(f => Path.GetFileName(f) is not ("README.md" or "questions.json"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Uploads every file (once), then waits until each is ready or failed; the caller asserts on the outcome.</summary>
    public async Task<IReadOnlyList<UploadedSample>> EnsureSamplesIngestedAsync(IReadOnlyList<string> files)
    {
        await _ingestGate.WaitAsync();
        try
        {
            if (_samples is not null)
            {
                return _samples;
            }

            var uploads = new List<(string File, HttpStatusCode Status, string Body, DocumentInfo? Accepted)>();
            foreach (var file in files)
            {
                using var response = await UploadAsync(Path.GetFileName(file), await File.ReadAllBytesAsync(file));
                var body = await response.Content.ReadAsStringAsync();
                var accepted = response.StatusCode == HttpStatusCode.Accepted
                    ? System.Text.Json.JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)
                    : null;
                uploads.Add((Path.GetFileName(file), response.StatusCode, body, accepted));
            }

            var results = new List<UploadedSample>();
            foreach (var (file, status, body, accepted) in uploads)
            {
                var final = accepted is null ? null : await WaitForIngestionAsync(accepted.Id);
                results.Add(new UploadedSample(file, status, body, final));
            }

            _samples = results;
            return _samples;
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    public async Task<HttpResponseMessage> UploadAsync(string fileName, byte[] content, string? contentType = null)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(content);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? ContentTypeOf(fileName));
        form.Add(part, "file", fileName);
        return await gateway().PostAsync("/v1/documents", form);
    }

    public async Task<DocumentInfo> WaitForIngestionAsync(string id)
    {
        var deadline = DateTime.UtcNow + IngestTimeout;
        DocumentInfo? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await gateway().GetFromJsonAsync<DocumentInfo>($"/v1/documents/{id}", SwitchboardJson.Options);
            if (last is { Status: DocumentStatus.Ready or DocumentStatus.Failed })
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException(
            $"Document {id} ({last?.Name}) was still '{last?.Status}' after {IngestTimeout.TotalSeconds:F0} s.\n{diagnostics()}");
    }

    public async Task<IReadOnlyList<DocumentInfo>> ListAsync() =>
        (await gateway().GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!;

    public static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".csv" => "text/csv",
        ".md" => "text/markdown",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}

/// <summary>One sample file's upload: the upload's HTTP status and body, and the document's final state.</summary>
public sealed record UploadedSample(string FileName, HttpStatusCode UploadStatus, string UploadBody, DocumentInfo? Document);
