using System.Net;
using System.Text;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Documents;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>DOCX and HTML uploads, and the PDF page limit, at the Gateway (before anything is stored).</summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsFormatsTests(GatewayFixture fixture)
{
    private readonly HttpClient _client = fixture.Factory.CreateClient();

    [Fact]
    public async Task A_docx_upload_is_202_with_the_word_content_type()
    {
        var response = await _client.PostAsync("/v1/documents", Form(Docx($"Offsite in Lisbon {Guid.NewGuid():N}"), "memo.docx"));

        var document = await ReadDocumentAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(DocumentTypes.Docx, document.ContentType);
        Assert.Equal(DocumentStatus.Queued, document.Status);
    }

    [Theory]
    [InlineData("page.html")]
    [InlineData("page.htm")]
    public async Task An_html_upload_is_202_as_text_html(string fileName)
    {
        var html = Encoding.UTF8.GetBytes($"<html><body><main><p>Prices rose {Guid.NewGuid():N}.</p></main></body></html>");

        var document = await ReadDocumentAsync(await _client.PostAsync("/v1/documents", Form(html, fileName)), HttpStatusCode.Accepted);

        Assert.Equal("text/html", document.ContentType);
    }

    [Fact]
    public async Task A_docx_that_is_not_a_zip_is_422() =>
        await AssertRejectedAsync(Form(Encoding.UTF8.GetBytes("{\\rtf1 this is RTF}"), "old.docx"), "not a ZIP");

    [Fact]
    public async Task A_zip_without_word_document_xml_is_422() =>
        await AssertRejectedAsync(Form(Docx("x", withDocumentPart: false), "empty.docx"), "word/document.xml");

    [Fact]
    public async Task A_damaged_zip_is_422()
    {
        var docx = Docx("Truncated");
        await AssertRejectedAsync(Form(docx[..(docx.Length / 2)], "cut.docx"), "damaged");
    }

    [Fact]
    public async Task A_pdf_with_more_pages_than_the_limit_is_422_naming_both_numbers()
    {
        await using var gateway = fixture.WithSetting("Gateway:MaxPdfPages", "2");
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var response = await gateway.CreateClient().PostAsync("/v1/documents", Form(Pdf(3, "Three pages"), "long.pdf"));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("The PDF has 3 pages; the limit is 2 pages (Gateway:MaxPdfPages).", problem.Detail());
        Assert.Equal("Too many pages", problem.GetProperty("title").GetString());
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
    }

    [Fact]
    public async Task A_pdf_at_the_page_limit_is_accepted()
    {
        await using var gateway = fixture.WithSetting("Gateway:MaxPdfPages", "2");

        var response = await gateway.CreateClient().PostAsync("/v1/documents", Form(Pdf(2, $"Two pages {Guid.NewGuid():N}"), "short.pdf"));

        var document = await ReadDocumentAsync(response, HttpStatusCode.Accepted);
        Assert.Equal(DocumentTypes.Pdf, document.ContentType);
        Assert.Equal(DocumentStatus.Queued, document.Status);
    }

    [Fact]
    public async Task An_invalid_page_limit_stops_the_gateway_at_start()
    {
        await using var gateway = fixture.WithSetting("Gateway:MaxPdfPages", "0");

        var error = Assert.ThrowsAny<Exception>(() => gateway.CreateClient());

        Assert.Contains("MaxPdfPages", error.ToString());
    }

    private async Task AssertRejectedAsync(MultipartFormDataContent form, string detailContains)
    {
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var response = await _client.PostAsync("/v1/documents", form);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(detailContains, problem.Detail(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
    }
}
