using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API4 (unrestricted resource consumption) through uploads: corrupt files of every accepted type (seeded
/// corruption of valid files made here) and bombs at the Gateway's default limits (zip bomb, many entries, PDF
/// decompression bomb, CSV rows, columns, field, line, unterminated quote). No upload may get a 5xx or crash a service;
/// every bomb is refused with a 422 naming its limit; every refused upload leaves nothing behind; every accepted one ends
/// <c>ready</c> or <c>failed</c> with a reason — nothing half-written or stuck.
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class UploadFuzzTests(SecurityStack stack, ITestOutputHelper output)
{
    public const int Seed = 15;
    private const int CorruptPerType = 30;

    [Fact]
    public async Task Bombs_are_refused_naming_their_limit_and_leave_nothing_behind()
    {
        var token = stack.Authority.Token("bomber", ["contributor"], ["bomb-squad"]);
        using var http = stack.Client(token);
        (string Name, byte[] Bytes, string Limit)[] bombs =
        [
            ("zip-bomb.docx", HostileFiles.DocxBomb(200L * 1024 * 1024), "Gateway:MaxCompressionRatio"),
            ("entries.docx", HostileFiles.DocxWithEntries(10_001), "Gateway:MaxDocxEntries"),
            ("flate-bomb.pdf", HostileFiles.PdfBomb(300L * 1024 * 1024), "Gateway:MaxPdfDecodedBytes"),
            ("rows.csv", HostileFiles.CsvRows(200_001), "Gateway:MaxCsvRows"),
            ("columns.csv", HostileFiles.CsvColumns(16_385), "Gateway:MaxCsvColumns"),
            ("field.csv", HostileFiles.CsvLongField(32_768), "Gateway:MaxCsvFieldChars"),
            ("line.csv", HostileFiles.CsvLongLine(1_048_577), "Gateway:MaxCsvLineChars"),
            ("quote.csv", HostileFiles.CsvUnterminatedQuote(100_000), "Gateway:MaxCsvFieldChars"),
        ];

        var before = await DocumentCountAsync();
        foreach (var (name, bytes, limit) in bombs)
        {
            using var response = await http.PostAsync("/v1/documents", Form(bytes, name));
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{name} ({bytes.Length:N0} bytes): {(int)response.StatusCode} {body}");
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(limit, JsonDocument.Parse(body).RootElement.GetProperty("limit").GetString());
        }

        Assert.Equal(before, await DocumentCountAsync());
        await stack.AssertAllHealthyAsync();
    }

    [Fact]
    public async Task Corrupt_files_of_every_accepted_type_get_no_5xx_and_end_ready_or_failed()
    {
        var token = stack.Authority.Token("corrupter", ["contributor"], ["corrupt-fuzz"]);
        using var http = stack.Client(token);
        var random = new Random(Seed);
        var valid = new (string Extension, byte[] Bytes)[]
        {
            (".pdf", HostileFiles.PdfWithObjects(3)),
            (".docx", HostileFiles.Docx("The fuzzed memo says the harbour closes at dusk.")),
            (".csv", Encoding.UTF8.GetBytes("region,amount,\"note\"\nnorth,12,\"quoted, with comma\"\nsouth,7,\"line\nbreak\"\n")),
            (".txt", Encoding.UTF8.GetBytes("Plain text about the harbour.\nSecond line.\n")),
            (".md", Encoding.UTF8.GetBytes("# Harbour\n\n- closes at dusk\n- opens at dawn\n")),
            (".html", Encoding.UTF8.GetBytes("<html><body><main><h1>Harbour</h1><p>Closes at dusk.</p></main></body></html>")),
        };

        var before = await DocumentCountAsync();
        var accepted = new HashSet<string>();
        var failures = new List<string>();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (extension, bytes) in valid)
        {
            for (var i = 0; i < CorruptPerType; i++)
            {
                var corrupt = HostileFiles.Corrupt(bytes, random);
                using var response = await http.PostAsync("/v1/documents", Form(corrupt, $"fuzz-{i}{extension}"));
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                counts[$"{extension} {status}"] = counts.GetValueOrDefault($"{extension} {status}") + 1;
                if (status >= 500)
                {
                    failures.Add($"{extension} case {i}: {status} {body[..Math.Min(300, body.Length)]}");
                }
                else if (status == 202)
                {
                    accepted.Add(JsonSerializer.Deserialize<DocumentInfo>(body, SwitchboardJson.Options)!.Id);
                }
                else if (status != 200)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                }
            }
        }

        foreach (var (key, count) in counts)
        {
            output.WriteLine($"{key}: {count}");
        }

        output.WriteLine($"seed {Seed}: {valid.Length * CorruptPerType} corrupt uploads, {accepted.Count} accepted, {failures.Count} with 5xx");
        Assert.True(failures.Count == 0, string.Join('\n', failures) + "\n" + stack.Diagnostics());

        // Versions of one name replace each other, so the catalog grows by the distinct names accepted, no more.
        var settled = await SettleAsync(http, accepted);
        output.WriteLine($"accepted documents: {string.Join(", ", settled.GroupBy(d => d.Status).Select(g => $"{g.Count()} {g.Key}"))}");
        Assert.All(settled, d => Assert.True(d.Status == DocumentStatus.Ready || (d.Status == DocumentStatus.Failed && !string.IsNullOrWhiteSpace(d.Error)),
            $"{d.Name}: {d.Status} {d.Error}"));
        Assert.Equal(before + settled.Count, await DocumentCountAsync());
        await stack.AssertAllHealthyAsync();
    }

    /// <summary>Waits until every accepted document is ready or failed (2 minutes at most) and returns their records.</summary>
    private static async Task<List<DocumentInfo>> SettleAsync(HttpClient http, IReadOnlyCollection<string> ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var documents = new List<DocumentInfo>();
            foreach (var id in ids)
            {
                documents.Add((await http.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{id}", SwitchboardJson.Options))!);
            }

            if (documents.All(d => d.Status is DocumentStatus.Ready or DocumentStatus.Failed) || DateTime.UtcNow > deadline)
            {
                return documents;
            }

            await Task.Delay(250);
        }
    }

    private async Task<int> DocumentCountAsync()
    {
        using var admin = stack.Client(stack.Authority.Token("counter", ["admin"]));
        using var list = JsonDocument.Parse(await admin.GetStringAsync("/v1/documents"));
        return list.RootElement.ValueKind == JsonValueKind.Array
            ? list.RootElement.GetArrayLength()
            : list.RootElement.GetProperty("documents").GetArrayLength();
    }

    private static MultipartFormDataContent Form(byte[] bytes, string fileName)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { part, "file", fileName } };
    }
}
