using System.Text;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Tests.Support;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.Ingestion;

/// <summary>Memory measurements must not see other tests' allocations: this collection runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurement";
}

/// <summary>
/// A 100,000-row CSV and a 200-page PDF go through the parser and the chunker as ingestion runs them (streamed),
/// and the chunks are consumed without being kept. Two things are checked:
/// <list type="number">
/// <item>Laziness, deterministically: when the first chunk comes out, only the first few rows/pages have been read.</item>
/// <item>Bounded memory: the live managed heap after a full, blocking collection (<c>GC.GetTotalMemory(true)</c>) is
/// sampled every few chunks; its growth over the baseline taken before reading must stay under a bound that is a
/// fraction of what keeping every row or page would take. Allocation totals are not used: they grow with the work
/// done, not with what is held. The collection runs with parallelisation disabled so no other test allocates meanwhile.</item>
/// </list>
/// </summary>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class StreamingIngestionTests(ITestOutputHelper output)
{
    private const long Mebibyte = 1024 * 1024;

    [Fact]
    public void A_100000_row_csv_streams_with_bounded_memory()
    {
        const int rows = 100_000;
        var csv = GenerateCsv(rows);
        var chunker = SharedTokenizer.Chunker();
        var parser = new CsvParser();
        Warm(chunker, parser, GenerateCsv(2000));

        var (chunks, lines, readWhenFirstChunk, textChars, growth) = Measure(chunker, parser, csv, sampleEvery: 250);

        Assert.Equal(rows, lines);
        Assert.InRange(readWhenFirstChunk, 1, 100); // a chunk holds ~15 rows here, never the whole file
        var materialised = textChars * sizeof(char);
        output.WriteLine($"{chunks} chunks, {rows} rows, {materialised / Mebibyte} MiB of row text; peak live growth {growth / (double)Mebibyte:F1} MiB");
        Assert.True(materialised > 3 * 8 * Mebibyte, "the bound must be well below what keeping every row would take");
        Assert.True(growth < 8 * Mebibyte, $"live heap grew by {growth / (double)Mebibyte:F1} MiB while streaming");
    }

    [Fact]
    public void A_200_page_pdf_streams_page_by_page_with_bounded_memory()
    {
        const int pages = 200;
        var pdf = GeneratePdf(pages);
        var chunker = SharedTokenizer.Chunker();
        var parser = new PdfParser();
        Warm(chunker, parser, GeneratePdf(3));

        var (chunks, _, readWhenFirstChunk, textChars, growth) = Measure(chunker, parser, pdf, sampleEvery: 20);

        Assert.Equal(1, readWhenFirstChunk); // a page is chunked before the next one is read
        Assert.True(chunks >= pages);
        output.WriteLine($"{pages} pages ({pdf.Length / 1024} KiB), {chunks} chunks, {textChars} chars; peak live growth {growth / (double)Mebibyte:F1} MiB");
        // PdfPig's page objects (a letter object per glyph) are many times the text; a bounded heap means pages are released.
        Assert.True(growth < 24 * Mebibyte, $"live heap grew by {growth / (double)Mebibyte:F1} MiB while streaming");
    }

    private static (int Chunks, int Lines, int ReadWhenFirstChunk, long TextChars, long PeakGrowth) Measure(
        TextChunker chunker, IDocumentParser parser, byte[] content, int sampleEvery)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var read = 0;
        var readWhenFirstChunk = 0;
        var chunks = 0;
        var lines = 0;
        long textChars = 0;
        long peak = 0;
        var sections = parser.Read(content, new ParseWarnings()).Select(s =>
        {
            read++;
            return s;
        });
        foreach (var chunk in chunker.Chunk(parser.Format, sections))
        {
            if (chunks++ == 0)
            {
                readWhenFirstChunk = read;
            }

            lines += chunk.Text.Count(c => c == '\n') + 1;
            textChars += chunk.Text.Length;
            if (chunks % sampleEvery == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
        return (chunks, lines, readWhenFirstChunk, textChars, peak);
    }

    /// <summary>Fills the tokenizer's caches and JITs the path, so the baseline is not taken before one-off allocations.</summary>
    private static void Warm(TextChunker chunker, IDocumentParser parser, byte[] content)
    {
        foreach (var _ in chunker.Chunk(parser.Format, parser.Read(content, new ParseWarnings())))
        {
        }
    }

    private static byte[] GenerateCsv(int rows)
    {
        var csv = new StringBuilder("Order id,Customer,City,Product,Quantity,Unit price,Notes\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(i).Append(",Customer ").Append(i % 977).Append(",\"City ").Append(i % 113).Append(", Region ").Append(i % 7)
                .Append("\",Product ").Append(i % 331).Append(',').Append(i % 50 + 1).Append(',').Append(i % 1000 / 10.0)
                .Append(",\"Delivered on time; no complaints, ").Append(i).Append("\"\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] GeneratePdf(int pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 1; p <= pages; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            for (var line = 0; line < 45; line++)
            {
                page.AddText($"Page {p} line {line}: the northern region reported revenue of {p * 100 + line} euros this quarter.",
                    9, new PdfPoint(40, 800 - line * 17), font);
            }
        }

        return builder.Build();
    }
}
