using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;

namespace Switchboard.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class DocumentUploadTests(GatewayFixture fixture)
{
    private static readonly byte[] Pdf = BuildPdf("Refunds are prorated for annual plans.");
    private readonly HttpClient _client = fixture.Factory.CreateClient();
    private readonly DocumentCatalog _catalog = new(fixture.Redis.Connection);

    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("README.md", "text/markdown")]
    [InlineData("plans.csv", "text/csv")]
    public async Task Valid_text_upload_is_202_queued_stored_and_sent_to_ingestion(string fileName, string contentType)
    {
        // Unique bytes per case: identical content would be recognised as a duplicate (see DocumentsVersioningTests).
        var bytes = Encoding.UTF8.GetBytes($"plan,refund\nannual,prorated\nZürich ✓,{fileName}\n");
        var ingestBefore = await IngestCountAsync();

        var response = await _client.PostAsync("/v1/documents", Form(bytes, fileName));

        var document = await AssertAcceptedAsync(response, fileName, contentType, bytes);
        var ingest = Assert.Single(await fixture.ReadStreamAsync<IngestRequested>(Streams.Ingest), e => e.DocumentId == document.Id);
        Assert.Equal(fileName, ingest.FileName);
        Assert.Equal(contentType, ingest.ContentType);
        Assert.Equal(DocumentCatalog.BlobKey(document.Id), ingest.BlobKey);
        Assert.Equal(ingestBefore + 1, await IngestCountAsync());
    }

    [Fact]
    public async Task Valid_pdf_upload_is_202_with_pdf_content_type()
    {
        var response = await _client.PostAsync("/v1/documents", Form(Pdf, "policy.pdf"));

        await AssertAcceptedAsync(response, "policy.pdf", "application/pdf", Pdf);
    }

    [Theory]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("C:\\Users\\bob\\report.md", "report.md")]
    [InlineData("evil\u0007na\u202Eme.txt", "evilname.txt")]
    public async Task File_names_lose_path_parts_and_control_characters(string sent, string stored)
    {
        var bytes = Encoding.UTF8.GetBytes($"hello from {stored}");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        // Set the header by hand so the raw name (separators, control characters) reaches the server unchanged.
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = sent };
        form.Add(file);

        var response = await _client.PostAsync("/v1/documents", form);

        await AssertAcceptedAsync(response, stored, DocumentTypesOf(stored), bytes);
    }

    [Fact]
    public async Task Empty_file_is_400_and_nothing_is_stored() =>
        await AssertRejectedAsync(Form([], "empty.txt"), HttpStatusCode.BadRequest, "empty");

    [Theory]
    [InlineData("setup.exe")]
    [InlineData("sheet.xlsx")]
    [InlineData("noextension")]
    public async Task Unsupported_type_is_415_naming_the_allowed_types(string fileName)
    {
        var problem = await AssertRejectedAsync(Form(Encoding.UTF8.GetBytes("MZ..."), fileName), HttpStatusCode.UnsupportedMediaType, ".pdf");
        Assert.Contains(".csv", problem.Detail());
        Assert.Contains(".md", problem.Detail());
        Assert.Contains(".docx", problem.Detail());
        Assert.Contains(".html", problem.Detail());
    }

    [Fact]
    public async Task Pdf_with_a_valid_header_but_damaged_structure_is_422_and_nothing_is_stored()
    {
        // The header is right, but the cross-reference table and trailer are cut off: no reader can open it.
        var damaged = Pdf[..(Pdf.Length / 2)];
        await AssertRejectedAsync(Form(damaged, "damaged.pdf"), HttpStatusCode.UnprocessableEntity, "damaged");
    }

    [Fact]
    public async Task Pdf_without_pdf_header_is_422_and_nothing_is_stored() =>
        await AssertRejectedAsync(Form(Encoding.UTF8.GetBytes("this is not a pdf at all"), "fake.pdf"), HttpStatusCode.UnprocessableEntity, "not a PDF");

    [Theory]
    [InlineData("latin1.txt", "text/plain", new byte[] { 0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x0A })]        // "Café €" in Windows-1252
    [InlineData("utf16.md", "text/markdown", new byte[] { 0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00 })]         // UTF-16 LE with BOM
    [InlineData("utf16be.csv", "text/csv", new byte[] { 0xFE, 0xFF, 0x00, 0x61, 0x00, 0x2C, 0x00, 0x62 })] // UTF-16 BE with BOM
    [InlineData("bom.html", "text/html", new byte[] { 0xEF, 0xBB, 0xBF, 0x3C, 0x70, 0x3E, 0x48, 0x69 })]  // UTF-8 with BOM
    public async Task Text_in_utf16_with_bom_or_windows_1252_is_accepted(string fileName, string contentType, byte[] bytes)
    {
        var response = await _client.PostAsync("/v1/documents", Form(bytes, fileName));

        await AssertAcceptedAsync(response, fileName, contentType, bytes);
    }

    [Theory]
    [InlineData("binary.csv", new byte[] { 0x61, 0x2C, 0x62, 0x00, 0x00, 0x01 })]           // NUL bytes
    [InlineData("control.txt", new byte[] { 0x48, 0x69, 0x01, 0x02, 0x1B, 0x0A })]          // control bytes, no NUL
    [InlineData("utf16-no-bom.md", new byte[] { 0x48, 0x00, 0x69, 0x00 })]                  // UTF-16 without a BOM
    [InlineData("page.html", new byte[] { 0x3C, 0x70, 0x3E, 0x00, 0x89, 0x50, 0x4E, 0x47 })] // binary behind a tag
    public async Task Binary_content_in_a_text_type_is_422_and_nothing_is_stored(string fileName, byte[] bytes) =>
        await AssertRejectedAsync(Form(bytes, fileName), HttpStatusCode.UnprocessableEntity, "not text");

    [Fact]
    public async Task Utf16_with_bom_that_does_not_decode_is_422() =>
        await AssertRejectedAsync(Form([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], "bad.txt"), HttpStatusCode.UnprocessableEntity, "UTF-16");

    [Fact]
    public async Task Missing_file_field_is_400_and_nothing_is_stored()
    {
        using var form = new MultipartFormDataContent { { new StringContent("just a field"), "comment" } };

        await AssertRejectedAsync(form, HttpStatusCode.BadRequest, "'file'");
    }

    [Fact]
    public async Task File_in_another_field_is_400_naming_the_file_field()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent("hi"u8.ToArray()), "document", "a.txt" } };

        await AssertRejectedAsync(form, HttpStatusCode.BadRequest, "'file'");
    }

    [Fact]
    public async Task Two_files_are_400_and_nothing_is_stored()
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("one"u8.ToArray()), "file", "a.txt" },
            { new ByteArrayContent("two"u8.ToArray()), "file", "b.txt" },
        };

        await AssertRejectedAsync(form, HttpStatusCode.BadRequest, "one file");
    }

    [Fact]
    public async Task Body_that_is_not_multipart_is_415_and_nothing_is_stored() =>
        await AssertRejectedAsync(JsonContent.Create(new { file = "hello" }), HttpStatusCode.UnsupportedMediaType, "multipart/form-data");

    [Fact]
    public async Task File_over_the_upload_limit_is_413_and_nothing_is_stored()
    {
        await using var gateway = fixture.WithSetting("Gateway:MaxUploadBytes", "1024");

        await AssertRejectedAsync(Form(new byte[2048].Select(_ => (byte)'a').ToArray(), "big.txt"),
            HttpStatusCode.RequestEntityTooLarge, "1024", gateway.CreateClient());
    }

    private async Task<DocumentInfo> AssertAcceptedAsync(HttpResponseMessage response, string name, string contentType, byte[] bytes)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        var document = System.Text.Json.JsonSerializer.Deserialize<DocumentInfo>(text, SwitchboardJson.Options)!;
        Assert.Equal($"/v1/documents/{document.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(name, document.Name);
        Assert.Equal(contentType, document.ContentType);
        Assert.Equal(DocumentStatus.Queued, document.Status);
        Assert.Equal(bytes.Length, document.SizeBytes);

        var stored = await _catalog.GetAsync(document.Id);
        Assert.NotNull(stored);
        Assert.Equal(DocumentStatus.Queued, stored.Status);
        Assert.Equal(name, stored.Name);
        Assert.Equal(bytes, await _catalog.ReadBlobAsync(document.Id));
        Assert.Single(await fixture.ReadStreamAsync<IngestRequested>(Streams.Ingest), e => e.DocumentId == document.Id);
        return document;
    }

    private async Task<System.Text.Json.JsonElement> AssertRejectedAsync(
        HttpContent content, HttpStatusCode status, string detailContains, HttpClient? client = null)
    {
        var before = await SnapshotAsync();

        var response = await (client ?? _client).PostAsync("/v1/documents", content);

        var problem = await ProblemAssert.IsProblemAsync(response, status);
        Assert.Contains(detailContains, problem.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await SnapshotAsync()); // no record, no blob, no ingest job
        return problem;
    }

    private async Task<(long Records, int Blobs, long IngestJobs)> SnapshotAsync()
    {
        var server = fixture.Redis.Connection.GetServers().Single();
        var blobs = 0;
        await foreach (var _ in server.KeysAsync(pattern: "sb:blob:*"))
        {
            blobs++;
        }

        return (await fixture.Db.HashLengthAsync(DocumentCatalog.CatalogKey), blobs, await IngestCountAsync());
    }

    private async Task<long> IngestCountAsync() =>
        await fixture.Db.KeyExistsAsync(Streams.Ingest) ? await fixture.Db.StreamLengthAsync(Streams.Ingest) : 0;

    private static MultipartFormDataContent Form(byte[] bytes, string fileName) =>
        new() { { new ByteArrayContent(bytes), "file", fileName } };

    private static string DocumentTypesOf(string fileName) =>
        Gateway.Documents.DocumentTypes.ContentTypeOf(fileName)!;

    private static byte[] BuildPdf(string text)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(50, 750), font);
        return builder.Build();
    }
}
