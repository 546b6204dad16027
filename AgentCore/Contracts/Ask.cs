namespace Switchboard.AgentCore.Contracts;

/// <summary>A question from a client to the Gateway (<c>POST /v1/ask</c>).</summary>
public sealed record AskRequest(string Question, string? SessionId = null, SearchFilters? Filters = null, int? TopK = null);

/// <summary>The Gateway's answer: the outcome, the text, its numbered sources and how it was produced.</summary>
public sealed record AskResponse(
    string AnswerId,
    string Status,
    string Answer,
    IReadOnlyList<Citation> Citations,
    RouteDecision? Route,
    string? ReviewVerdict,
    IReadOnlyDictionary<string, double> Timings,
    double LatencyMs,
    string? TraceId,
    DateTimeOffset CreatedAt);

/// <summary>The values of <see cref="AskResponse.Status"/> and <see cref="AgentAnswer.Status"/>.</summary>
public static class AnswerStatus
{
    public const string Answered = "answered";
    public const string NotFound = "not_found";
    public const string Refused = "refused";
    public const string PendingApproval = "pending_approval";
}

/// <summary>
/// One numbered source of an answer. <see cref="Page"/> is set for PDF sources (1-based),
/// <see cref="Row"/> for CSV sources (1-based data row, the header excluded).
/// </summary>
public sealed record Citation(
    int Number,
    string DocumentId,
    string DocumentName,
    int? Page,
    int? Row,
    string ChunkId,
    string Snippet,
    double Score);

/// <summary>Narrows retrieval to some documents.</summary>
public sealed record SearchFilters(IReadOnlyList<string>? DocumentIds = null);
