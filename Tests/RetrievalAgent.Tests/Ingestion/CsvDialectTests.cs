using Switchboard.RetrievalAgent.Ingestion;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

public sealed class CsvDialectTests
{
    [Theory]
    [InlineData("a,b,c\n1,2,3\n", ',')]
    [InlineData("a;b;c\n1;2;3\n", ';')]
    [InlineData("a\tb\tc\n1\t2\t3\n", '\t')]
    [InlineData("a|b|c\n1|2|3\n", '|')]
    [InlineData("name;note\n\"x, y, z\";1\n\"p, q\";2\n", ';')]
    [InlineData("name,note\n\"x; y; z\",1\n\"p; q\",2\n", ',')]
    [InlineData("a,b\r\n\"multi\nline; with; semicolons\",2\r\n", ',')]
    [InlineData("single column\nvalue\n", ',')]
    public void Sniffs_the_delimiter_outside_quotes(string sample, char expected)
    {
        Assert.Equal(expected, CsvDialect.SniffDelimiter(sample));
    }

    [Fact]
    public void Prefers_the_delimiter_that_gives_the_rows_the_header_field_count()
    {
        // Commas appear unquoted in free text, but only semicolons split every row like the header.
        const string sample = "id;text;n\n1;hello, world;2\n2;no commas here;3\n3;a, b, c, d;4\n";

        Assert.Equal(';', CsvDialect.SniffDelimiter(sample));
    }
}
