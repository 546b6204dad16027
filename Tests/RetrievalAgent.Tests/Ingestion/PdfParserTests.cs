using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class PdfParserTests
{
    private readonly PdfParser _parser = new();

    [Fact]
    public void Multi_page_pdf_keeps_each_page_text_with_its_page_number()
    {
        var pdf = Pdfs.Build(
            ["Quarterly figures for the northern region.", "Revenue grew by nine percent."],
            ["Headcount stayed flat at 412 people."],
            ["The board approved the dividend."]);

        var parsed = _parser.Parse(pdf);

        Assert.Equal([1, 2, 3], parsed.Sections.Select(s => s.Page!.Value));
        Assert.Contains("Revenue grew by nine percent.", parsed.Sections[0].Text);
        Assert.Contains("412 people", parsed.Sections[1].Text);
        Assert.DoesNotContain("412", parsed.Sections[0].Text);
        Assert.Contains("dividend", parsed.Sections[2].Text);
        Assert.All(parsed.Sections, s => Assert.Null(s.Row));
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void Words_are_kept_apart()
    {
        var parsed = _parser.Parse(Pdfs.Build(["Employees receive twenty five days of leave."]));

        // page.Text would run these words together; the content-order extractor keeps the spaces.
        Assert.Contains("twenty five days", parsed.Sections[0].Text);
    }

    [Fact]
    public void Blank_pages_are_skipped_with_a_warning()
    {
        var parsed = _parser.Parse(Pdfs.Build(["First page text."], [], ["Third page text."]));

        Assert.Equal([1, 3], parsed.Sections.Select(s => s.Page!.Value));
        Assert.Equal(["page 2 has no extractable text (no OCR)"], parsed.Warnings);
    }

    [Fact]
    public void Corrupt_pdf_fails_with_a_clear_message()
    {
        var error = Assert.Throws<DocumentParseException>(() => _parser.Parse(Pdfs.Corrupt()));

        Assert.StartsWith("The PDF could not be read", error.Message);
    }

    [Fact]
    public void Pdf_without_text_fails()
    {
        var error = Assert.Throws<DocumentParseException>(() => _parser.Parse(Pdfs.Build([], [])));

        Assert.Contains("no extractable text", error.Message);
    }

    [Fact]
    public void Empty_file_fails()
    {
        Assert.Throws<DocumentParseException>(() => _parser.Parse([]));
    }
}
