namespace Switchboard.AgentCore.Contracts;

/// <summary>RetrievalAgent search (<c>POST /search</c>).</summary>
public sealed record SearchRequest(string Query, int? TopK = null, SearchFilters? Filters = null);

public sealed record SearchResponse(IReadOnlyList<SearchHit> Hits);

/// <summary>One chunk and its relevance score (higher is better).</summary>
public sealed record SearchHit(
    string ChunkId,
    string DocumentId,
    string DocumentName,
    int? Page,
    int? Row,
    string Text,
    double Score);
