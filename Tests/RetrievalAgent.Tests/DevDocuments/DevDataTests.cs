using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.DevDocuments;

/// <summary>Real documents from /work/shared/devdata (skipped where that folder is absent).</summary>
public sealed class DevDataTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [DevDataFact]
    public void Dmca_summary_parses_every_page_into_bounded_chunks()
    {
        var parsed = new PdfParser().Parse(File.ReadAllBytes(DevData.PathOf("pdf/us-copyright-office-dmca-summary-1998.pdf")));
        var chunks = SharedTokenizer.Chunker().Chunk(parsed);

        Assert.Equal(18, parsed.Sections.Count);
        Assert.Equal(Enumerable.Range(1, 18), parsed.Sections.Select(s => s.Page!.Value));
        Assert.All(chunks, c => Assert.InRange(c.Tokens, 1, 500));
        Assert.All(chunks, c => Assert.Contains(c.Text, parsed.Sections[c.Page!.Value - 1].Text));
        output.WriteLine($"{chunks.Count} chunks, {chunks.Sum(c => c.Tokens)} tokens");
    }

    [DevDataFact]
    public void Country_codes_csv_reads_every_row_with_quoted_commas()
    {
        var parsed = new CsvParser().Parse(File.ReadAllBytes(DevData.PathOf("csv/country-codes.csv")));
        var chunks = SharedTokenizer.Chunker().Chunk(parsed);

        Assert.Equal(249, parsed.Sections.Count);
        Assert.Empty(parsed.Warnings);
        Assert.Contains(parsed.Sections, s => s.Text.Contains("Languages: fa-AF,ps,uz-AF,tk", StringComparison.Ordinal));
        Assert.Equal(249, chunks.Sum(c => c.Text.Split('\n').Length));
        output.WriteLine($"{chunks.Count} chunks");
    }

    [DevDataFact]
    public async Task Questions_over_real_documents_are_answered_or_declined()
    {
        var store = await StoreFactory.CreateIndexedAsync(_directory);
        foreach (var (id, path) in new[]
        {
            ("dmca", "pdf/us-copyright-office-dmca-summary-1998.pdf"),
            ("countries", "csv/country-codes.csv"),
            ("leave", "text/18f-handbook-leave.md"),
            ("legal", "text/opensource-guide-legal.md"),
        })
        {
            await StoreFactory.IngestAsync(store, id, Path.GetFileName(path), File.ReadAllBytes(DevData.PathOf(path)));
        }

        var answerer = StoreFactory.Answerer(store);
        async Task<AgentAnswer> Ask(string question)
        {
            var answer = (await answerer.AnswerAsync(question, 5, ChunkFilter.Anonymous, CancellationToken.None)).Answer;
            output.WriteLine($"Q: {question}\nA ({answer.Status}): {answer.Answer}\n   {string.Join(" | ", answer.Contexts.Select(c => c.Source))}\n");
            return answer;
        }

        var capital = await Ask("What is the capital of Kenya?");
        Assert.Equal(AnswerStatus.Answered, capital.Status);
        Assert.Contains("Nairobi", capital.Answer);
        Assert.Equal("countries", capital.Citations[0].DocumentId);
        Assert.NotNull(capital.Citations[0].Row);

        var dmca = await Ask("When was the Digital Millennium Copyright Act signed into law?");
        Assert.Equal(AnswerStatus.Answered, dmca.Status);
        Assert.Equal("dmca", dmca.Citations[0].DocumentId);
        Assert.NotNull(dmca.Citations[0].Page);

        Assert.Equal(AnswerStatus.NotFound, (await Ask("Who won the 2018 World Cup?")).Status);
        Assert.Equal(AnswerStatus.NotFound, (await Ask("What is the parental leave policy in Japan?")).Status);
        await Ask("How much parental leave can I take?");
        await Ask("Do I need a license for my open source project?");
        await Ask("What is the ISO currency code of Japan?");
    }
}
