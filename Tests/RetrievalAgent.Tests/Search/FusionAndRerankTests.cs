using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.TextAnalysis;
using Switchboard.RetrievalAgent.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Search;

public sealed class FusionAndRerankTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Reciprocal_rank_fusion_rewards_items_high_in_both_lists_and_honours_weights()
    {
        string[] keyword = ["a", "b", "c"];
        string[] vector = ["c", "b", "d"];

        var equal = ReciprocalRank.Fuse([(keyword, 1.0), (vector, 1.0)], x => x, k: 60);
        var vectorOnly = ReciprocalRank.Fuse([(keyword, 0.0), (vector, 1.0)], x => x, k: 60);

        // c (1/61 + 1/63) edges b (1/62 + 1/62): a first place counts a little more than two second places.
        Assert.Equal(["c", "b", "a", "d"], equal.Select(f => f.Item));
        Assert.Equal(1 / 61.0 + 1 / 63.0, equal[0].Score, 12);
        Assert.True(equal[2].Score > equal[3].Score); // a (1/61 from keywords) over d (1/63 from vectors)
        Assert.Equal(["c", "b", "d"], vectorOnly.Take(3).Select(f => f.Item));
    }

    [Fact]
    public void Phrase_and_proximity_features_prefer_the_terms_together()
    {
        var terms = ContentTerms.ForQuestion("daily meal allowance");
        var together = ContentTerms.StemSequence("The daily meal allowance is 90 US dollars.");
        var apart = ContentTerms.StemSequence("The allowance for a meal is set per trip by the travel office, and the daily rates differ by country.");

        Assert.Equal(1.0, CrossFeatureReranker.Phrase(terms, together));
        Assert.Equal(0.0, CrossFeatureReranker.Phrase(terms, apart));
        Assert.Equal(1.0, CrossFeatureReranker.Proximity(terms, together));
        Assert.True(CrossFeatureReranker.Proximity(terms, apart) < 0.5);
    }

    [Fact]
    public void Phrase_and_proximity_equal_their_definitions_on_random_sequences()
    {
        // The features scan the sequence without building sets; the definitions below build them. Repeated stems in the
        // query and in the chunk, absent terms and one-term queries are all drawn.
        var random = new Random(20261202);
        string[] vocabulary = ["leav", "day", "annual", "carri", "over", "year", "polici", "rate"];
        for (var round = 0; round < 2000; round++)
        {
            var terms = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => vocabulary[random.Next(vocabulary.Length)])
                .Select(stem => new QueryTerm(stem, stem, IsSpecific: false))
                .ToList();
            var sequence = Enumerable.Range(0, random.Next(0, 40)).Select(_ => vocabulary[random.Next(vocabulary.Length)]).ToList();

            Assert.Equal(PhraseByDefinition(terms, sequence), CrossFeatureReranker.Phrase(terms, sequence), 12);
            Assert.Equal(ProximityByDefinition(terms, sequence), CrossFeatureReranker.Proximity(terms, sequence), 12);
        }
    }

    private static double PhraseByDefinition(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        if (terms.Count < 2)
        {
            return 0;
        }

        var pairs = sequence.Zip(sequence.Skip(1)).ToHashSet();
        var found = Enumerable.Range(0, terms.Count - 1).Count(i => pairs.Contains((terms[i].Stem, terms[i + 1].Stem)));
        return (double)found / (terms.Count - 1);
    }

    private static double ProximityByDefinition(IReadOnlyList<QueryTerm> terms, IReadOnlyList<string> sequence)
    {
        var present = sequence.Where(s => terms.Any(t => t.Stem == s)).ToHashSet();
        if (present.Count <= 1)
        {
            return present.Count == 0 ? 0 : 1.0 / terms.Count;
        }

        var best = int.MaxValue;
        for (var start = 0; start < sequence.Count; start++)
        {
            for (var end = start; end < sequence.Count; end++)
            {
                if (present.IsSubsetOf(sequence.Skip(start).Take(end - start + 1)))
                {
                    best = Math.Min(best, end - start + 1);
                    break;
                }
            }
        }

        return (double)present.Count / best * present.Count / terms.Count;
    }

    [Fact]
    public async Task The_reranker_lifts_the_chunk_that_holds_the_phrase()
    {
        var store = await StoreFactory.CreateIndexedAsync(_directory);
        await StoreFactory.IngestAsync(store, "a", "notes.txt", "Allowance rules: the meal budget is shared, and daily limits vary.\n\nNothing else here."u8.ToArray());
        await StoreFactory.IngestAsync(store, "b", "travel.txt", "The daily meal allowance is 90 US dollars for international travel."u8.ToArray());
        var terms = ContentTerms.ForQuestion("What is the daily meal allowance?");
        var candidates = (await StoreFactory.Searcher(store, new SearchOptions { Mode = SearchMode.Keyword })
            .SearchAsync("What is the daily meal allowance?", 5, ChunkFilter.Anonymous, CancellationToken.None)).ToList();
        // Put the weaker chunk first, as a first stage might.
        candidates = candidates.OrderBy(c => c.Chunk.DocumentId == "b").ToList();

        var reranked = await new CrossFeatureReranker().RerankAsync("What is the daily meal allowance?", terms, candidates, CancellationToken.None);

        Assert.Equal("b", reranked[0].Chunk.DocumentId);
        Assert.True(reranked[0].Score > reranked[1].Score);
    }

    [Fact]
    public async Task Hybrid_mode_finds_a_chunk_keywords_miss()
    {
        var store = await StoreFactory.CreateIndexedAsync(_directory);
        await StoreFactory.IngestAsync(store, "a", "travel.txt", "Reimbursement of hotel stays follows the nightly limits."u8.ToArray());
        await StoreFactory.IngestAsync(store, "b", "security.txt", "Passwords must be at least 14 characters long."u8.ToArray());
        var keyword = await StoreFactory.Searcher(store, new SearchOptions { Mode = SearchMode.Keyword }).SearchAsync("hotelstay nightlylimit", 5, ChunkFilter.Anonymous, CancellationToken.None);
        var hybrid = await StoreFactory.Searcher(store).SearchAsync("hotelstay nightlylimit", 5, ChunkFilter.Anonymous, CancellationToken.None);

        // Glued words share no token with the text, only character n-grams: keywords find nothing, vectors do.
        Assert.Empty(keyword);
        Assert.Equal("a", hybrid[0].Chunk.DocumentId);
        Assert.NotNull(hybrid[0].VectorScore);
        Assert.Null(hybrid[0].KeywordScore);
    }
}
