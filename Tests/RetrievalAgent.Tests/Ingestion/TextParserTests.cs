using System.Text;
using Switchboard.RetrievalAgent.Ingestion;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class TextParserTests
{
    [Fact]
    public void Plain_text_is_one_section_with_normalised_line_ends()
    {
        var parsed = new PlainTextParser().Parse(Encoding.UTF8.GetBytes("\uFEFFFirst line.\r\nSecond line.\r\n"));

        var section = Assert.Single(parsed.Sections);
        Assert.Equal("First line.\nSecond line.", section.Text);
        Assert.Null(section.Page);
        Assert.Null(section.Row);
    }

    [Fact]
    public void Latin1_text_is_read_rather_than_rejected()
    {
        var parsed = new PlainTextParser().Parse(Encoding.Latin1.GetBytes("Café prices rose."));

        Assert.Equal("Café prices rose.", parsed.Sections[0].Text);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x20, 0x0A, 0x09 })]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00, 0x00 })]
    public void Empty_blank_or_binary_files_fail(byte[] content)
    {
        Assert.Throws<DocumentParseException>(() => new PlainTextParser().Parse(content));
    }

    [Fact]
    public void Markdown_loses_front_matter_and_markup_but_keeps_words()
    {
        const string markdown = """
            ---
            title: Leave types
            keywords: vacation, parental
            ---

            {% alert %}
            See the <a href="https://example.com">comparison chart</a>.
            {% endalert %}

            ## Annual leave

            Employees get **25 days** of _paid_ leave. Read the [leave policy](https://example.com/leave) and `PTO_RULES`.

            * Carry over up to 5 days
            * Ask your [manager][mgr]

            > Quoted advice.

            | Type | Days |
            |------|------|
            | Sick | 10 |

            [mgr]: https://example.com/managers
            """;

        var text = MarkdownParser.ToPlainText(markdown);

        Assert.DoesNotContain("title:", text);
        Assert.DoesNotContain("{%", text);
        Assert.DoesNotContain("<a", text);
        Assert.DoesNotContain("https://", text);
        Assert.DoesNotContain("**", text);
        Assert.DoesNotContain("##", text);
        Assert.Contains("See the comparison chart.", text);
        Assert.Contains("Annual leave\n", text);
        Assert.Contains("Employees get 25 days of paid leave. Read the leave policy and PTO_RULES.", text);
        Assert.Contains("- Carry over up to 5 days\n- Ask your manager", text);
        Assert.Contains("Quoted advice.", text);
        Assert.Contains("Sick | 10", text);
        Assert.DoesNotContain("---", text);
    }

    [Fact]
    public void Markdown_with_only_markup_fails()
    {
        var content = Encoding.UTF8.GetBytes("---\ntitle: x\n---\n<!-- nothing -->\n");

        Assert.Throws<DocumentParseException>(() => new MarkdownParser().Parse(content));
    }

    [Theory]
    [InlineData("report.PDF", "application/octet-stream", DocumentFormats.Pdf)]
    [InlineData("prices.csv", "application/vnd.ms-excel", DocumentFormats.Csv)]
    [InlineData("notes.md", "text/plain", DocumentFormats.Markdown)]
    [InlineData("upload", "text/csv; charset=utf-8", DocumentFormats.Csv)]
    [InlineData("readme.txt", "", DocumentFormats.Text)]
    [InlineData("doc", "text/markdown", DocumentFormats.Markdown)]
    public void Parser_is_chosen_by_extension_then_content_type(string fileName, string contentType, string format)
    {
        var parsers = new DocumentParsers([new PdfParser(), new CsvParser(), new PlainTextParser(), new MarkdownParser()]);

        Assert.Equal(format, parsers.For(fileName, contentType).Format);
    }

    [Fact]
    public void Unsupported_type_fails_with_the_supported_list()
    {
        var parsers = new DocumentParsers([new PdfParser(), new CsvParser(), new PlainTextParser(), new MarkdownParser()]);

        var error = Assert.Throws<DocumentParseException>(() => parsers.For("image.png", "image/png"));
        Assert.Contains("Supported: PDF, CSV, TXT, MD", error.Message);
    }
}
