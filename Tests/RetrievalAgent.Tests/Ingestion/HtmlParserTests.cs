using System.Text;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class HtmlParserTests(ITestOutputHelper output)
{
    private const string Page = """
        <!DOCTYPE html>
        <html><head><title>Leave</title><style>body { color: red }</style><script>var secret = "tracking";</script></head>
        <body>
          <header><a href="/">Main page</a> <a href="/donate">Donate</a></header>
          <nav><ul><li>Home</li><li>Contact us</li></ul></nav>
          <main>
            <h1>Annual leave <span class="mw-editsection">[edit]</span></h1>
            <p>Employees   receive <b>25 days</b> of paid leave.<sup class="reference">[1]</sup>
               Unused days expire.</p>
            <ul><li>Carry over up to 5 days</li><li>Ask your manager</li></ul>
            <table><tr><th>Type</th><th>Days</th></tr><tr><td>Sick</td><td>10</td></tr></table>
            <aside>Related: pension plans</aside>
            <form><input value="Search"></form>
            <div class="navbox">Leave navigation box</div>
            <ol class="references"><li>Handbook, p. 4</li></ol>
          </main>
          <footer>Privacy policy</footer>
        </body></html>
        """;

    [Fact]
    public void Main_content_is_kept_as_lines_and_chrome_is_dropped()
    {
        var text = Assert.Single(new HtmlParser().Parse(Encoding.UTF8.GetBytes(Page)).Sections).Text;

        Assert.Equal(
            "Annual leave\n\nEmployees receive 25 days of paid leave. Unused days expire.\n- Carry over up to 5 days\n- Ask your manager\n\nType | Days\nSick | 10",
            text);
    }

    [Fact]
    public void Without_a_main_element_the_body_is_used_minus_chrome()
    {
        const string html = "<html><body><nav>Menu</nav><h2>Prices</h2><p>Pro costs 29 USD.</p><script>x()</script></body></html>";

        Assert.Equal("Prices\n\nPro costs 29 USD.", HtmlParser.Extract(html));
    }

    [Fact]
    public void Windows_1252_pages_are_decoded()
    {
        var bytes = TextDecoding.Windows1252.GetBytes("<html><body><p>Caf\u00e9 prices rose by 5 \u20ac.</p></body></html>");

        Assert.Equal("Café prices rose by 5 €.", new HtmlParser().Parse(bytes).Sections[0].Text);
    }

    [Fact]
    public void A_page_with_only_chrome_fails()
    {
        var error = Assert.Throws<DocumentParseException>(() =>
            new HtmlParser().Parse(Encoding.UTF8.GetBytes("<html><body><nav>Menu</nav><footer>Legal</footer></body></html>")));

        Assert.Contains("no text", error.Message);
    }

    [DevDataFact]
    public void Wikipedia_duck_keeps_the_article_and_drops_the_navigation()
    {
        var text = new HtmlParser().Parse(File.ReadAllBytes(DevData.PathOf("text/wikipedia-duck.html"))).Sections[0].Text;
        var chunks = SharedTokenizer.Chunker().Chunk(new ParsedDocument(DocumentFormats.Html, [new TextSection(text)], []));

        Assert.Contains("Duck is the common name for numerous species of waterfowl", text);
        Assert.Contains("Etymology", text);
        Assert.DoesNotContain("Main page", text);
        Assert.DoesNotContain("Donate", text);
        Assert.DoesNotContain("[edit]", text);
        Assert.DoesNotMatch(@"\[\d+\]", text); // citation markers
        Assert.DoesNotContain("function(", text);
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        output.WriteLine($"{words} words, {chunks.Count} chunks");
        Assert.InRange(words, 2000, 4700); // the article area holds about 4,100 words, the whole page about 4,700
    }
}
