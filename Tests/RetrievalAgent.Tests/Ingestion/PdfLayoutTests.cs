using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;
using UglyToad.PdfPig.Core;
using static Switchboard.RetrievalAgent.Tests.Support.Pdfs;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

/// <summary>
/// Layout-aware PDF text (issue 10, failure classes 2, 3 and 7): columns read one after the other, running headers,
/// footers and page numbers left out, a title not glued to the body, unreadable pages kept out of the index.
/// </summary>
public sealed class PdfLayoutTests
{
    private static string Collapse(string text) => SentenceSplitter.CollapseWhitespace(text);

    [Fact]
    public void A_two_column_page_is_read_column_by_column()
    {
        // Written row by row, as many PDFs' content streams are: content order reads across the columns.
        string[] left = ["The northern depot opens at six in the", "morning and closes at ten at night on", "every weekday of the year, holidays", "included."];
        string[] right = ["Visitors to the southern depot must", "sign the register at the front desk", "and wear a badge at all times while", "they are inside the building."];
        var placed = new List<Placed>();
        for (var i = 0; i < left.Length; i++)
        {
            placed.Add(new Placed(left[i], 50, 700 - 14 * i));
            placed.Add(new Placed(right[i], 330, 700 - 14 * i));
        }

        var text = Collapse(new PdfParser().Parse(Layout([.. placed])).Sections[0].Text);

        Assert.Contains(
            "The northern depot opens at six in the morning and closes at ten at night on every weekday of the year, holidays included.", text);
        Assert.Contains("Visitors to the southern depot must sign the register at the front desk and wear a badge at all times while they are inside the building.", text);
    }

    [Fact]
    public void Blocks_are_ordered_column_by_column_below_a_full_width_title()
    {
        (string Name, PdfRectangle Box)[] blocks =
        [
            ("c3a", new PdfRectangle(400, 640, 560, 700)),
            ("c1b", new PdfRectangle(50, 500, 200, 600)),
            ("title", new PdfRectangle(50, 730, 560, 750)),
            ("c2a", new PdfRectangle(220, 660, 380, 700)),
            ("c1a", new PdfRectangle(50, 620, 200, 700)),
            ("c2b", new PdfRectangle(220, 520, 380, 650)),
            ("footer", new PdfRectangle(50, 20, 560, 40)),
        ];

        var order = PdfLayout.ReadingOrder(blocks, b => b.Box, 612).Select(b => b.Name);

        Assert.Equal(["title", "c1a", "c1b", "c2a", "c2b", "c3a", "footer"], order);
    }

    [Fact]
    public void Running_headers_footers_and_page_numbers_are_left_out_but_the_header_is_said_once()
    {
        string[] bodies =
        [
            "Freight volumes rose by twelve percent in the first quarter.",
            "The new warehouse in Leeds opened on the fourth of May.",
            "Staff turnover fell to six percent over the year.",
            "The board approved a dividend of forty pence per share.",
        ];
        var pages = bodies.Select((body, i) => new Placed[]
        {
            new("Acme Logistics Annual Report 2024", 50, 750, 9),
            new(body, 50, 600),
            new($"Page {i + 1} of {bodies.Length}", 280, 30, 9),
        }).ToArray();

        var sections = new PdfParser().Parse(Layout(pages)).Sections;

        Assert.Equal([1, 2, 3, 4], sections.Select(s => s.Page!.Value));
        Assert.All(sections.Zip(bodies), pair => Assert.Contains(pair.Second, Collapse(pair.First.Text)));
        Assert.Contains("Acme Logistics Annual Report 2024", sections[0].Text);
        Assert.All(sections.Skip(1), s => Assert.DoesNotContain("Acme Logistics", s.Text));
        Assert.All(sections, s => Assert.DoesNotMatch(@"Page \d of 4", s.Text));
    }

    [Fact]
    public void Text_that_differs_from_page_to_page_is_kept_even_where_a_header_stands()
    {
        var pages = Enumerable.Range(1, 4).Select(i => new Placed[]
        {
            new($"Chapter {new[] { "one", "two", "three", "four" }[i - 1]}: {new[] { "Freight", "Warehouses", "People", "Money" }[i - 1]}", 50, 750, 9),
            new("Every chapter ends with a summary of the figures.", 50, 600),
        }).ToArray();

        var sections = new PdfParser().Parse(Layout(pages)).Sections;

        Assert.Contains("Chapter two: Warehouses", sections[1].Text);
        Assert.Contains("Chapter four: Money", sections[3].Text);
        // The same sentence at the same place on every page is a repeated line: said once.
        Assert.Contains("Every chapter ends", sections[0].Text);
    }

    [Fact]
    public void A_title_line_is_not_glued_to_the_first_sentence_of_the_body()
    {
        var pdf = Layout(new Placed[]
        {
            new("Annual Review of the Northern Freight Corridor Programme 2023", 50, 700, 14),
            new("The corridor carried four million tonnes of freight in the year,", 50, 620),
            new("a rise of twelve percent on the year before, and it employed 240.", 50, 606),
        });
        var text = new PdfParser().Parse(pdf).Sections[0].Text;
        var chunk = new StoredChunk("d:0", "d", "review.pdf", 0, 1, null, text);

        var sentence = Assert.Single(SentenceSplitter.Split(chunk), s => s.Text.Contains("four million tonnes", StringComparison.Ordinal));

        Assert.DoesNotContain("Annual Review", sentence.Text);
        Assert.EndsWith("it employed 240.", sentence.Text);
    }

    [Theory]
    [InlineData("\uE001\uE002\uE003 \uE004\uE005 \uE006\uE007\uE008 \uE009\uE00A \uE00B\uE00C\uE00D \uE00E\uE00F \uE010\uE011\uE012 \uE013\uE014\uE015 \uE016\uE017", true)]
    [InlineData("#$%&'()* +,-./ #$%&'()* +,-./ %&'()*+ ,-./#$% &'()*+,-. /#$%&'", true)]
    [InlineData("The northern depot opens at six in the morning and closes at ten at night.", false)]
    [InlineData("If line 40 is 1,000 1,025 1,050 1,075 12 15 18 21 24 27 30 33 36 39 42 45 48", false)]
    [InlineData("Section 4 • Eligibility • Page 7 ▶ see the instructions for line 1a.", false)]
    public void A_page_that_extracts_as_unreadable_characters_is_gibberish(string text, bool gibberish)
    {
        Assert.Equal(gibberish, PdfLayout.IsGibberish(text));
    }

    [Fact]
    public void A_page_of_control_characters_is_gibberish()
    {
        var controls = string.Join(' ', Enumerable.Range(0, 8).Select(i => new string(Enumerable.Range(1, 4).Select(j => (char)(i * 3 + j)).ToArray())));

        Assert.True(PdfLayout.IsGibberish(controls + " " + controls));
    }

    [Fact]
    public void A_table_running_over_pages_is_not_taken_for_a_running_header()
    {
        Assert.NotEqual(PdfDecorations.Key("1,000 1,025 12 15 18"), PdfDecorations.Key("1,050 1,075 21 24 27"));
        Assert.Equal(PdfDecorations.Key("Page 3 of 48"), PdfDecorations.Key("Page 4 of 48"));
    }

    [Theory]
    [InlineData("7", true)]
    [InlineData("- 7 -", true)]
    [InlineData("Page 7 of 48", true)]
    [InlineData("7-45", true)]
    [InlineData("B-1191", true)]
    [InlineData("iv", true)]
    [InlineData("Civil", false)]
    [InlineData("Page 7 lists the rates.", false)]
    public void Page_number_lines_are_recognised(string line, bool pageNumber)
    {
        Assert.Equal(pageNumber, PdfLayout.IsPageNumber(line));
    }

    [Theory]
    [InlineData("to be read as required by paragraph", "of the rule, which applies", true)]
    [InlineData("The depot opens at six.", "the next line", false)]
    [InlineData("Zero Trust Architecture", "This publication describes", false)]
    [InlineData("apples, pears,", "Oranges and plums", true)]
    public void A_sentence_runs_on_from_one_block_into_the_next_only_where_it_plainly_continues(string previous, string next, bool runsOn)
    {
        Assert.Equal(runsOn, PdfLayout.RunsOn(previous, next));
    }

    // Failure class 3/4 (a table in a PDF): a table without rulings is read row by row, each row a citable unit with its
    // figures, the header row a heading above them; prose in columns is still read column by column.
    [Fact]
    public void A_table_without_rulings_is_read_row_by_row()
    {
        string[][] rows =
        [
            ["State", "Permit", "Handgun", "Long Gun"],
            ["Alabama", "18,870", "5,486", "7,037"],
            ["Alaska", "312", "3,190", "3,744"],
            ["Arizona", "6,105", "13,512", "9,012"],
            ["Arkansas", "2,411", "4,118", "6,230"],
            ["California", "44,801", "36,902", "29,775"],
            ["Colorado", "1,207", "14,330", "12,101"],
            ["Florida", "9,310", "50,796", "25,012"],
        ];
        // The segmenter's lines, as it gives them for such a page: each cell a line of its own, column by column.
        var lines = new List<PdfLayoutLine> { new("Firearm Checks: Month/Year by State", new PdfRectangle(50, 740, 330, 754)) };
        for (var c = 0; c < 4; c++)
        {
            for (var r = 0; r < rows.Length; r++)
            {
                var left = 50 + 130 * c;
                lines.Add(new PdfLayoutLine(rows[r][c], new PdfRectangle(left, 700 - 16 * r, left + 60, 709 - 16 * r)));
            }
        }

        var blocks = PdfTable.Rows(lines);

        Assert.NotNull(blocks);
        var text = PdfLayout.Text(new PdfPageLayout(1, 612, 792, blocks), _ => true);
        var sentences = SentenceSplitter.Split(new StoredChunk("d:0", "d", "checks.pdf", 0, 3, null, text));
        var rendered = string.Join(" / ", sentences.Select(s => s.Text));
        Assert.True(sentences.Any(s => s.Text == "Florida | 9,310 | 50,796 | 25,012" && !s.IsHeading), rendered);
        Assert.True(sentences.Any(s => s.Text == "State | Permit | Handgun | Long Gun" && s.IsHeading), rendered);
        Assert.True(sentences.Any(s => s.Text == "Firearm Checks: Month/Year by State"), rendered);
    }

    [Fact]
    public void Prose_lines_that_share_baselines_are_not_a_table()
    {
        var lines = new List<PdfLayoutLine>();
        for (var c = 0; c < 3; c++)
        {
            for (var r = 0; r < 8; r++)
            {
                var left = 40 + 180 * c;
                lines.Add(new PdfLayoutLine($"column {c} line {r} of the prose that runs on", new PdfRectangle(left, 700 - 14 * r, left + 170, 709 - 14 * r)));
            }
        }

        Assert.Null(PdfTable.Rows(lines));
    }

    [Fact]
    public void Prose_in_three_columns_is_not_taken_for_a_table()
    {
        string[][] columns =
        [
            ["The first column tells the reader", "where to file the return when", "wages were subject to withholding", "and what to attach to it before", "mailing it to the service center", "named on the envelope in the", "package sent to every filer."],
            ["The second column explains how", "a filer who cannot file by the", "due date asks for more time and", "which form extends the time to", "file but not the time to pay the", "tax that is owed for the year", "under the rules of the code."],
            ["The third column covers the test", "of substantial presence for the", "year and the days a filer was in", "the country during the year and", "the two years before it, counted", "as the instructions describe in", "the worksheet on the next page."],
        ];
        var placed = new List<Placed>();
        for (var c = 0; c < columns.Length; c++)
        {
            for (var r = 0; r < columns[c].Length; r++)
            {
                placed.Add(new Placed(columns[c][r], 40 + 180 * c, 700 - 14 * r, 9));
            }
        }

        var text = Collapse(new PdfParser().Parse(Layout([.. placed])).Sections[0].Text);

        Assert.DoesNotContain("|", text);
        Assert.Contains("The second column explains how a filer who cannot file by the due date asks for more time", text);
    }
}
