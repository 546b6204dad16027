using Switchboard.AgentCore.AI.Embeddings;

namespace Switchboard.RetrievalAgent.Search;

public static class SearchExtensions
{
    /// <summary>The search pipeline (<c>Retrieval:Search</c>), its default reranker and the embedder (<c>AI:Embeddings</c>).</summary>
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.AddEmbeddingGenerator();
        builder.Services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .Validate(o => o.IsValid,
                "Retrieval:Search: Mode must be Hybrid or Keyword, RrfK 1..1000, KeywordWeight and VectorWeight 0..100 (not both 0), " +
                "CandidatePool 1..1000, MinVectorSimilarity -1..1, Rerank:Candidates 1..200.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IReranker, CrossFeatureReranker>();
        builder.Services.AddSingleton<ChunkSearcher>();
        return builder;
    }
}
