using System.Text;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

/// <summary>Delimiters, encodings, quoting, the row limit and row-aware chunks of CSV files.</summary>
public sealed class CsvRobustnessTests(ITestOutputHelper output)
{
    private static ParsedDocument Parse(byte[] content, int maxRows = 200_000) =>
        new CsvParser(Options.Create(new IngestionOptions { MaxRows = maxRows })).Parse(content);

    [Theory]
    [InlineData(',')]
    [InlineData(';')]
    [InlineData('\t')]
    [InlineData('|')]
    public void Delimiter_is_sniffed_and_quoted_delimiters_stay_in_their_field(char delimiter)
    {
        var d = delimiter.ToString();
        // Every quoted value holds all four candidates, so only a quote-aware count finds the real delimiter.
        var csv = $"Name{d}City{d}Note\n\"Smith, J.; Jr.\"{d}Zürich{d}\"a,b;c\td|e\"\nLee{d}\"Oslo\nNorway\"{d}plain\n";

        var parsed = Parse(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(
            ["Name: Smith, J.; Jr.; City: Zürich; Note: a,b;c d|e", "Name: Lee; City: Oslo Norway; Note: plain"],
            parsed.Sections.Select(s => s.Text));
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void Semicolon_file_with_decimal_commas_is_not_read_as_comma_separated()
    {
        var parsed = Parse(Encoding.UTF8.GetBytes("Produkt;Preis;Menge\nÄpfel;1,99;3\nBirnen;2,49;10\n"));

        Assert.Equal("Produkt: Äpfel; Preis: 1,99; Menge: 3", parsed.Sections[0].Text);
        Assert.Equal(2, parsed.Sections.Count);
    }

    public static TheoryData<string, byte[]> Encodings()
    {
        const string csv = "Café,Price\r\nCrème brûlée,5 €\r\n“Naïve” tea,3 €\r\n";
        var withBom = (Encoding encoding) => encoding.GetPreamble().Concat(encoding.GetBytes(csv)).ToArray();
        return new TheoryData<string, byte[]>
        {
            { "utf-8", Encoding.UTF8.GetBytes(csv) },
            { "utf-8 with BOM", withBom(new UTF8Encoding(true)) },
            { "utf-16 LE with BOM", withBom(new UnicodeEncoding(bigEndian: false, byteOrderMark: true)) },
            { "utf-16 BE with BOM", withBom(new UnicodeEncoding(bigEndian: true, byteOrderMark: true)) },
            { "windows-1252", TextDecoding.Windows1252.GetBytes(csv) },
        };
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_supported_encoding_decodes_to_the_same_rows(string encoding, byte[] content)
    {
        var parsed = Parse(content);

        output.WriteLine($"{encoding}: {content.Length} bytes");
        Assert.Equal(["Café: Crème brûlée; Price: 5 €", "Café: “Naïve” tea; Price: 3 €"], parsed.Sections.Select(s => s.Text));
    }

    [Fact]
    public void Utf16_without_bom_is_rejected_as_binary()
    {
        var error = Assert.Throws<DocumentParseException>(() => Parse(Encoding.Unicode.GetBytes("a,b\n1,2\n")));

        Assert.Contains("binary", error.Message);
    }

    [Fact]
    public void More_rows_than_the_limit_fail_naming_the_limit_and_the_count()
    {
        var csv = "id,value\n" + string.Concat(Enumerable.Range(1, 12).Select(i => $"{i},v{i}\n"));

        var error = Assert.Throws<DocumentParseException>(() => Parse(Encoding.UTF8.GetBytes(csv), maxRows: 10));

        Assert.Equal("The CSV file has 12 data rows; the limit is 10 (Retrieval:Ingestion:MaxRows).", error.Message);
    }

    [Fact]
    public void Rows_up_to_the_limit_are_accepted()
    {
        var csv = "id,value\n" + string.Concat(Enumerable.Range(1, 10).Select(i => $"{i},v{i}\n"));

        Assert.Equal(10, Parse(Encoding.UTF8.GetBytes(csv), maxRows: 10).Sections.Count);
    }

    [Fact]
    public void Chunks_never_split_a_row_and_every_line_names_its_columns()
    {
        // Long multi-line quoted cells make rows of very different sizes.
        var rows = Enumerable.Range(1, 300)
            .Select(i => $"{i},\"Line one of {i}\nline two, with a comma\",{string.Join(' ', Enumerable.Repeat("word", i % 37))}")
            .ToList();
        var csv = "Id,Address,Notes\n" + string.Join('\n', rows) + "\n";
        var parsed = Parse(Encoding.UTF8.GetBytes(csv));

        var chunks = SharedTokenizer.Chunker(maxTokens: 120, overlapTokens: 20).Chunk(parsed);

        Assert.True(chunks.Count > 10);
        var next = 1;
        foreach (var chunk in chunks)
        {
            Assert.Equal(next, chunk.Row);
            var lines = chunk.Text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                // Line i is row (first + i), whole, and says which column each value belongs to.
                Assert.Equal(parsed.Sections[next - 1 + i].Text, lines[i]);
                Assert.StartsWith($"Id: {next + i}; Address: Line one of {next + i} line two, with a comma", lines[i]);
            }

            next += lines.Length;
        }

        Assert.Equal(301, next);
    }

    [DevDataFact]
    public void Publicbodies_csv_keeps_multi_line_quoted_cells_in_their_row()
    {
        var parsed = Parse(File.ReadAllBytes(DevData.PathOf("csv/publicbodies-br.csv")));
        var chunks = SharedTokenizer.Chunker().Chunk(parsed);

        Assert.Equal(265, parsed.Sections.Count);
        Assert.Equal(Enumerable.Range(1, 265), parsed.Sections.Select(s => s.Row!.Value));
        Assert.All(parsed.Sections, s => Assert.DoesNotContain('\n', s.Text));
        Assert.All(parsed.Sections, s => Assert.StartsWith("id: ", s.Text));
        Assert.Equal(265, chunks.Sum(c => c.Text.Split('\n').Length));
        output.WriteLine($"{chunks.Count} chunks, {parsed.Warnings.Count} warnings");
    }

    [DevDataFact]
    public void Exchange_rates_csv_reads_all_17237_crlf_rows()
    {
        var parsed = Parse(File.ReadAllBytes(DevData.PathOf("csv/exchange-rates-monthly.csv")));
        var chunks = SharedTokenizer.Chunker().Chunk(parsed);

        Assert.Equal(17_237, parsed.Sections.Count);
        Assert.Empty(parsed.Warnings);
        Assert.All(parsed.Sections, s => Assert.DoesNotContain('\r', s.Text));
        Assert.StartsWith("Date: 1971-01-01; Country: ", parsed.Sections[0].Text);
        Assert.Equal(17_237, chunks.Sum(c => c.Text.Split('\n').Length));
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 500));
        output.WriteLine($"{chunks.Count} chunks");
    }
}
