namespace Switchboard.AgentCore.Contracts;

/// <summary>RetrievalAgent search (<c>POST /search</c>).</summary>
/// <remarks><see cref="CallerGroups"/> restricts results exactly as on <see cref="AgentAnswerRequest"/>.</remarks>
public sealed record SearchRequest(
    string Query,
    int? TopK = null,
    SearchFilters? Filters = null,
    IReadOnlyList<string>? CallerGroups = null);

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
