using System.Text.Json;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.RetrievalAgent.Tests.Search;

/// <summary>
/// The measurement behind two defaults: hybrid vs the keyword baseline (hit@3) and the reranker on vs off (hit@1),
/// over the sample documents ingested in-process and a labelled question set: the in-scope questions of
/// samples/questions.json plus Search/retrieval-questions.json (paraphrases over the same documents). A hit is a
/// result from the expected document whose text holds the expected fact. The figures are printed and recorded in
/// RetrievalAgent/README.md.
/// </summary>
public sealed class RetrievalEvaluationTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private sealed record Labelled(string Question, string? Kind, string? Document, string? Expect);

    private sealed record Figures(double HitAt1, double HitAt3, double Mrr);

    /// <summary>
    /// Two chunk sizes: at the default (500 tokens) most sample documents are one or two chunks and the set is easy;
    /// 64-token chunks make the same documents a harder retrieval problem (several similar chunks per document).
    /// The reranker is on by default only if it improves hit@1 in at least one of them and lowers it in none.
    /// </summary>
    [SamplesFact]
    public async Task Hybrid_is_at_least_the_baseline_and_the_rerank_default_follows_the_measurement()
    {
        var questions = (await LoadAsync(Path.Combine(Samples.Root, "questions.json"))).Where(q => q.Kind == "in_scope")
            .Concat(await LoadAsync(Path.Combine(AppContext.BaseDirectory, "Search", "retrieval-questions.json")))
            .ToList();
        var rerankHelps = false;
        var rerankHurts = false;
        foreach (var chunkTokens in new[] { new ChunkingOptions().MaxTokens, 64 })
        {
            var store = await StoreFactory.CreateIndexedAsync(_directory, $"eval-{chunkTokens}.db");
            var chunker = SharedTokenizer.Chunker(chunkTokens, overlapTokens: chunkTokens / 10);
            foreach (var path in Directory.EnumerateFiles(Samples.Root).Where(p => Path.GetFileName(p) is not ("README.md" or "questions.json")))
            {
                await StoreFactory.IngestAsync(store, Path.GetFileNameWithoutExtension(path), Path.GetFileName(path), await File.ReadAllBytesAsync(path), chunker);
            }

            var keyword = await EvaluateAsync(store, questions, new SearchOptions { Mode = SearchMode.Keyword });
            var hybrid = await EvaluateAsync(store, questions, new SearchOptions { Rerank = { Enabled = false } });
            var reranked = await EvaluateAsync(store, questions, new SearchOptions { Rerank = { Enabled = true } });
            output.WriteLine($"{questions.Count} questions, {chunkTokens}-token chunks");
            output.WriteLine($"keyword (baseline): hit@1 {keyword.HitAt1:F3}  hit@3 {keyword.HitAt3:F3}  MRR {keyword.Mrr:F3}");
            output.WriteLine($"hybrid:             hit@1 {hybrid.HitAt1:F3}  hit@3 {hybrid.HitAt3:F3}  MRR {hybrid.Mrr:F3}");
            output.WriteLine($"hybrid + rerank:    hit@1 {reranked.HitAt1:F3}  hit@3 {reranked.HitAt3:F3}  MRR {reranked.Mrr:F3}");

            Assert.True(hybrid.HitAt3 >= keyword.HitAt3, $"{chunkTokens} tokens: hybrid hit@3 {hybrid.HitAt3:F3} < keyword {keyword.HitAt3:F3}");
            Assert.True(reranked.HitAt3 >= keyword.HitAt3, $"{chunkTokens} tokens: reranked hit@3 {reranked.HitAt3:F3} < keyword {keyword.HitAt3:F3}");
            rerankHelps |= reranked.HitAt1 > hybrid.HitAt1;
            rerankHurts |= reranked.HitAt1 < hybrid.HitAt1;
        }

        Assert.Equal(rerankHelps && !rerankHurts, new SearchOptions().Rerank.Enabled);
    }

    private async Task<Figures> EvaluateAsync(IChunkStore store, IReadOnlyList<Labelled> questions, SearchOptions options)
    {
        var searcher = StoreFactory.Searcher(store, options);
        double hit1 = 0, hit3 = 0, reciprocal = 0;
        foreach (var q in questions)
        {
            var hits = await searcher.SearchAsync(q.Question, 5, ChunkFilter.Anonymous, CancellationToken.None);
            var rank = hits.ToList().FindIndex(h => h.Chunk.DocumentName == q.Document
                && h.Chunk.Text.Contains(q.Expect!, StringComparison.OrdinalIgnoreCase)) + 1;
            if (rank == 0)
            {
                output.WriteLine($"  {options.Mode}{(options.Rerank.Enabled ? "+rerank" : "")} missed: {q.Question} (top: {hits.FirstOrDefault()?.Chunk.DocumentName})");
            }

            hit1 += rank == 1 ? 1 : 0;
            hit3 += rank is >= 1 and <= 3 ? 1 : 0;
            reciprocal += rank == 0 ? 0 : 1.0 / rank;
        }

        return new Figures(hit1 / questions.Count, hit3 / questions.Count, reciprocal / questions.Count);
    }

    private static async Task<List<Labelled>> LoadAsync(string path) =>
        JsonSerializer.Deserialize<List<Labelled>>(await File.ReadAllTextAsync(path), JsonSerializerOptions.Web)!;
}
