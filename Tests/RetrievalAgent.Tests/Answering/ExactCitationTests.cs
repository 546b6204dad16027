using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// Every citation is a verbatim quote at exact offsets in the stored chunk, and a quote that is not is dropped; once per
/// chunk store (<see cref="ExactCitationTests_Sqlite"/>, <see cref="ExactCitationTests_Qdrant"/>).
/// </summary>
public abstract class ExactCitationTests(StoreKind kind) : IAsyncLifetime
{
    // The hotel sentence wraps over two lines with indentation: the quote must keep that whitespace.
    private const string Policy = "Travel policy\n\nHotel costs are reimbursed up to 180 EUR per night\n    in Europe. Meals are reimbursed up to 60 EUR per day.\nReceipts are submitted within 30 days of the trip.\n";

    private readonly IStoreUnderTest _under = IStoreUnderTest.For(kind);
    private IChunkStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await _under.CreateAsync();
        await StoreFactory.IngestAsync(_store, "policy", "travel-policy.txt", Encoding.UTF8.GetBytes(Policy));
        await StoreFactory.IngestAsync(_store, "faq", "faq.md", Encoding.UTF8.GetBytes(
            "# FAQ\n\n## Meals and daily allowances\n\nThe daily meal allowance is 90 US dollars for international travel.\n"));
    }

    public async Task DisposeAsync() => await _under.DisposeAsync();

    [Fact]
    public async Task Citations_quote_the_stored_text_verbatim_at_their_offsets()
    {
        var answer = (await StoreFactory.Answerer(_store).AnswerAsync("How much are hotel costs reimbursed per night?", 5, ChunkFilter.Anonymous, CancellationToken.None)).Answer;

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.StartsWith("Hotel costs are reimbursed up to 180 EUR per night in Europe. [1]", answer.Answer);
        var citation = answer.Citations[0];
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night\n    in Europe.", citation.Snippet);
        var stored = (await _store.GetChunksAsync("policy")).Single(c => c.Id == citation.ChunkId).Text;
        Assert.Equal(citation.Snippet, stored[citation.StartOffset!.Value..citation.EndOffset!.Value]);
    }

    [Fact]
    public async Task Headings_are_never_answer_sentences()
    {
        var answer = (await StoreFactory.Answerer(_store).AnswerAsync("What are the meals and daily allowances?", 5, ChunkFilter.Anonymous, CancellationToken.None)).Answer;

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.DoesNotContain("Meals and daily allowances [", answer.Answer);
        Assert.All(answer.Citations, c => Assert.NotEqual("Meals and daily allowances", c.Snippet));
    }

    [Fact]
    public async Task A_quote_that_does_not_match_the_stored_text_is_dropped_and_citations_renumbered()
    {
        var chunk = (await _store.GetChunksAsync("policy")).Single();
        var sentences = SentenceSplitter.Split(chunk).Where(s => !s.IsHeading).ToList();
        var hit = new RankedChunk(chunk, 1, 1, null, 1, 1, false);
        Quote Genuine(Sentence s) => new(hit, 0, s, s.QuoteFrom(chunk.Text), 1);
        var tamperedText = Genuine(sentences[0]) with { Text = sentences[0].QuoteFrom(chunk.Text).Replace("180", "280", StringComparison.Ordinal) };
        var shiftedOffsets = Genuine(sentences[1] with { Start = sentences[1].Start + 1, End = sentences[1].End + 1 });
        var unknownChunk = Genuine(sentences[2]) with { Hit = hit with { Chunk = chunk with { Id = "policy:99" } } };

        var verifier = new CitationVerifier(_store, NullLogger<CitationVerifier>.Instance);
        var verified = await verifier.VerifyAsync([tamperedText, shiftedOffsets, Genuine(sentences[2]), unknownChunk], CancellationToken.None);
        var answer = ExtractiveAnswerer.Compose(verified);

        var only = Assert.Single(answer.Citations);
        Assert.Equal((1, "Receipts are submitted within 30 days of the trip."), (only.Number, only.Snippet));
        Assert.Equal("Receipts are submitted within 30 days of the trip. [1]", answer.Answer);
        Assert.Equal(1, Assert.Single(answer.Contexts).Number);
    }

    [Fact]
    public async Task An_answer_from_a_stale_index_drops_the_changed_sentence()
    {
        // The index serves a text in which 180 became 280 (as a stale replica or a bug would); the store's own
        // chunk still says 180. The sentence with the changed figure must not reach the answer. Only the citation check
        // is tested: answer verification would refuse the meals sentence as an answer about hotel costs too.
        var stale = new StaleSearchStore(_store, "180 EUR", "280 EUR");
        var answerer = new ExtractiveAnswerer(
            StoreFactory.Searcher(stale), new CitationVerifier(stale, NullLogger<CitationVerifier>.Instance),
            Microsoft.Extensions.Options.Options.Create(new AnswerOptions { VerifyClaims = false }), NullLogger<ExtractiveAnswerer>.Instance);

        var result = await answerer.AnswerAsync("How are hotel costs and meals reimbursed?", 5, ChunkFilter.Anonymous, CancellationToken.None);

        Assert.Equal(AnswerStatus.Answered, result.Answer.Status);
        Assert.DoesNotContain("280", result.Answer.Answer);
        Assert.DoesNotContain("Hotel costs", result.Answer.Answer);
        Assert.Contains("Meals are reimbursed up to 60 EUR per day. [1]", result.Answer.Answer);
        Assert.Equal(Enumerable.Range(1, result.Answer.Citations.Count), result.Answer.Citations.Select(c => c.Number));
        Assert.Equal(result.Answer.Citations.Select(c => c.Number), result.Answer.Contexts.Select(c => c.Number));
    }

    /// <summary>Search results with altered text; everything else from the real store.</summary>
    private sealed class StaleSearchStore(IChunkStore inner, string from, string to) : IChunkStore
    {
        private ScoredChunk Alter(ScoredChunk s) => s with { Chunk = s.Chunk with { Text = s.Chunk.Text.Replace(from, to, StringComparison.Ordinal) } };

        public async Task<IReadOnlyList<ScoredChunk>> SearchAsync(string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
            (await inner.SearchAsync(query, limit, filter, cancellationToken)).Select(Alter).ToList();

        public async Task<IReadOnlyList<ScoredChunk>> VectorSearchAsync(ReadOnlyMemory<float> vector, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
            (await inner.VectorSearchAsync(vector, limit, filter, cancellationToken)).Select(Alter).ToList();

        public Task UpsertDocumentAsync(StoredDocument document, IReadOnlyList<StoredChunk> chunks, CancellationToken cancellationToken = default) =>
            inner.UpsertDocumentAsync(document, chunks, cancellationToken);

        public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) => inner.DeleteDocumentAsync(documentId, cancellationToken);

        public Task<IReadOnlyList<StoredChunk>> GetChunksAsync(string documentId, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
            inner.GetChunksAsync(documentId, filter, cancellationToken);

        public Task<IReadOnlyDictionary<string, StoredChunk>> GetChunksByIdAsync(IReadOnlyCollection<string> chunkIds, CancellationToken cancellationToken = default) =>
            inner.GetChunksByIdAsync(chunkIds, cancellationToken);

        public Task<int> CountDocumentsAsync(CancellationToken cancellationToken = default) => inner.CountDocumentsAsync(cancellationToken);

        public Task<TermStatistics> GetTermStatisticsAsync(IReadOnlyCollection<string> tokens, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
            inner.GetTermStatisticsAsync(tokens, filter, cancellationToken);
    }
}

public sealed class ExactCitationTests_Sqlite() : ExactCitationTests(StoreKind.Sqlite);

public sealed class ExactCitationTests_Qdrant() : ExactCitationTests(StoreKind.Qdrant);
