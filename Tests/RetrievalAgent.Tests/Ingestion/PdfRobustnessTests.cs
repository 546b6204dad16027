using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

/// <summary>Hyphenation, compatibility characters, the page limit and real PDFs.</summary>
public sealed class PdfRobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public void Words_hyphenated_at_line_ends_are_joined_in_a_real_pdf()
    {
        var pdf = Pdfs.Build(["The policy covers all infor-", "mation held by the company", "and its e-", "mail archive."]);

        var text = new PdfParser().Parse(pdf).Sections[0].Text;

        Assert.Contains("information held", text);
        Assert.Contains("e-mail archive", text);
        Assert.DoesNotContain("infor-", text);
    }

    [Theory]
    [InlineData("infor-\nmation", "information")]
    [InlineData("The docu-\n  ment is here.", "The document is here.")]
    [InlineData("an e-\nmail", "an e-mail")]
    [InlineData("a well-known rule; a well-\nknown fact", "a well-known rule; a well-known fact")]
    [InlineData("re-\nenter and reenter", "reenter and reenter")]
    [InlineData("COVID-\n19 cases", "COVID-19 cases")]
    [InlineData("Jean-\nPaul", "Jean-Paul")]
    [InlineData("costs –\nsee page 4", "costs –\nsee page 4")]
    [InlineData("prices -\nnot taxes", "prices -\nnot taxes")]
    [InlineData("infor\u00AD\nmation and soft\u00ADware", "information and software")]
    public void Line_end_hyphens_are_joined_only_where_they_split_a_word(string raw, string expected)
    {
        Assert.Equal(expected, PdfText.Clean(raw));
    }

    [Theory]
    [InlineData("\uFB01nal \uFB02ow o\uFB00er su\uFB03x ba\uFB04e \uFB05ar \uFB06op", "final flow offer suffix baffle star stop")]
    [InlineData("\uFF21\uFF22\uFF23 \uFF11\uFF12\uFF13", "ABC 123")]
    [InlineData("25\u00A0EUR\u202Fnet", "25 EUR net")]
    [InlineData("zero\u200Bwidth\uFEFF", "zerowidth")]
    [InlineData("non\u2011breaking", "non-breaking")]
    [InlineData("m² and ½", "m² and ½")]
    public void Compatibility_characters_are_folded_where_it_is_safe(string raw, string expected)
    {
        Assert.Equal(expected, PdfText.Clean(raw));
    }

    [Fact]
    public void A_pdf_over_the_page_limit_fails_naming_the_limit_and_the_count()
    {
        var pdf = Pdfs.Build(["One."], ["Two."], ["Three."]);
        var parser = new PdfParser(Options.Create(new IngestionOptions { MaxPages = 2 }));

        var error = Assert.Throws<DocumentParseException>(() => parser.Parse(pdf));

        Assert.Equal("The PDF has 3 pages; the limit is 2 (Retrieval:Ingestion:MaxPages).", error.Message);
    }

    [Fact]
    public void Pages_are_read_lazily_one_at_a_time()
    {
        var pdf = Pdfs.Build(["Page one."], ["Page two."], ["Page three."]);
        var warnings = new ParseWarnings();

        using var pages = new PdfParser().Read(pdf, warnings).GetEnumerator();

        Assert.True(pages.MoveNext());
        Assert.Equal(1, pages.Current.Page);
        Assert.True(pages.MoveNext());
        Assert.Equal(2, pages.Current.Page);
    }

    [DevDataFact]
    public void Irs_instructions_read_all_50_pages_in_order_with_words_found()
    {
        var parsed = new PdfParser().Parse(File.ReadAllBytes(DevData.PathOf("pdf/irs-i1040nr-2007-instructions.pdf")));
        var chunks = SharedTokenizer.Chunker().Chunk(parsed);

        Assert.Equal(Enumerable.Range(1, 50), parsed.Sections.Select(s => s.Page!.Value));
        Assert.Empty(parsed.Warnings);
        Assert.Contains(parsed.Sections, s => s.Text.Contains("Nonresident Alien", StringComparison.Ordinal));
        Assert.All(parsed.Sections, s => Assert.DoesNotMatch(@"\p{Ll}-\n\p{Ll}", s.Text));
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 500));
        var words = parsed.Sections.Sum(s => s.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        output.WriteLine($"{words} words (pdftotext: 55,052), {chunks.Count} chunks");
    }
}
