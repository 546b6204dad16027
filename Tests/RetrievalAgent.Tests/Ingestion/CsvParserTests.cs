using System.Text;
using Switchboard.RetrievalAgent.Ingestion;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class CsvParserTests
{
    private readonly CsvParser _parser = new();

    private ParsedDocument Parse(string csv) => _parser.Parse(Encoding.UTF8.GetBytes(csv));

    [Fact]
    public void Each_row_becomes_header_value_text_with_its_row_number()
    {
        var parsed = Parse("Plan,Monthly price,Seats\nStarter,9,1\nPro,29,5\n");

        Assert.Equal(DocumentFormats.Csv, parsed.Format);
        Assert.Equal(2, parsed.Sections.Count);
        Assert.Equal("Plan: Starter; Monthly price: 9; Seats: 1", parsed.Sections[0].Text);
        Assert.Equal("Plan: Pro; Monthly price: 29; Seats: 5", parsed.Sections[1].Text);
        Assert.Equal([1, 2], parsed.Sections.Select(s => s.Row!.Value));
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void Quoted_commas_newlines_and_quotes_stay_inside_their_field()
    {
        var csv = "id,name,address\r\n1,\"Smith, John\",\"12 High Street\nLondon\"\r\n2,\"The \"\"Best\"\" Shop\",Main Road\r\n";

        var parsed = Parse(csv);

        Assert.Equal(2, parsed.Sections.Count);
        Assert.Equal("id: 1; name: Smith, John; address: 12 High Street London", parsed.Sections[0].Text);
        Assert.Equal("id: 2; name: The \"Best\" Shop; address: Main Road", parsed.Sections[1].Text);
        Assert.Equal([1, 2], parsed.Sections.Select(s => s.Row!.Value));
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void Ragged_rows_are_indexed_and_reported()
    {
        var csv = "a,b,c,d\n1,2,3,4\n5,6,7\n8,9,10,11,12\n13,14,15,16\n";

        var parsed = Parse(csv);

        Assert.Equal(4, parsed.Sections.Count);
        Assert.Equal(["row 2: expected 4 fields, found 3", "row 3: expected 4 fields, found 5"], parsed.Warnings);
        Assert.Equal("a: 5; b: 6; c: 7", parsed.Sections[1].Text);
        Assert.Equal("a: 8; b: 9; c: 10; d: 11; Column 5: 12", parsed.Sections[2].Text);
        Assert.Equal(4, parsed.Sections[3].Row);
    }

    [Fact]
    public void Many_problems_are_summarised()
    {
        var csv = "a,b\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"{i}\n"));

        var parsed = Parse(csv);

        Assert.Equal(30, parsed.Sections.Count);
        Assert.Equal(ParseWarnings.MaxWarnings + 1, parsed.Warnings.Count);
        Assert.Equal("10 more warnings not shown", parsed.Warnings[^1]);
    }

    [Fact]
    public void Empty_fields_are_left_out_and_empty_rows_skipped()
    {
        var parsed = Parse("a,b,c\n1,,3\n,,\n4,5,6\n");

        Assert.Equal("a: 1; c: 3", parsed.Sections[0].Text);
        Assert.Equal([1, 3], parsed.Sections.Select(s => s.Row!.Value));
        Assert.Contains("row 2: all fields are empty; skipped", parsed.Warnings);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a,b,c\n")]
    public void Csv_without_data_fails(string csv)
    {
        Assert.Throws<DocumentParseException>(() => Parse(csv));
    }
}
