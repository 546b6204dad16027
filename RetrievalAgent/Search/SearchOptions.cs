namespace Switchboard.RetrievalAgent.Search;

/// <summary>Bound from <c>Retrieval:Search</c>: how candidates are found, fused and reranked.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Retrieval:Search";

    /// <summary><see cref="SearchMode.Hybrid"/> (default) or <see cref="SearchMode.Keyword"/>, the BM25-only baseline.</summary>
    public SearchMode Mode { get; set; } = SearchMode.Hybrid;

    /// <summary>The k of reciprocal-rank fusion, score = Σ weight / (k + rank): larger k flattens the head of each list.</summary>
    public double RrfK { get; set; } = 60;

    public double KeywordWeight { get; set; } = 1;

    public double VectorWeight { get; set; } = 1;

    /// <summary>Candidates taken from each of the keyword and vector lists before fusion (at least the requested top-k).</summary>
    public int CandidatePool { get; set; } = 50;

    /// <summary>
    /// Vector candidates below this cosine similarity are dropped: with hashed n-gram vectors two unrelated texts still
    /// share common letter sequences and score around 0.05–0.15.
    /// </summary>
    public double MinVectorSimilarity { get; set; } = 0.15;

    public RerankOptions Rerank { get; set; } = new();

    internal bool IsValid => Enum.IsDefined(Mode) && RrfK is >= 1 and <= 1000 && KeywordWeight is >= 0 and <= 100
        && VectorWeight is >= 0 and <= 100 && KeywordWeight + VectorWeight > 0 && CandidatePool is >= 1 and <= 1000
        && MinVectorSimilarity is >= -1 and <= 1 && Rerank.Candidates is >= 1 and <= 200;
}

public sealed class RerankOptions
{
    /// <summary>
    /// On by default: on the labelled sample set it raised hit@1 with small chunks and never lowered it
    /// (RetrievalAgent/README.md, "Measurements"; RetrievalEvaluationTests keeps this default tied to that result).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many of the fused candidates, best first, the reranker may reorder.</summary>
    public int Candidates { get; set; } = 20;
}

public enum SearchMode
{
    /// <summary>BM25 and vector candidates fused by reciprocal rank, then optionally reranked.</summary>
    Hybrid,

    /// <summary>The baseline: BM25 candidates ranked as in the first version (BM25 + term coverage); no vectors, no fusion, no rerank.</summary>
    Keyword,
}
