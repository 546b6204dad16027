using Switchboard.AgentCore.AI.Usage;

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
    DateTimeOffset CreatedAt)
{
    /// <summary>Tokens and cost of every agent and review pass behind this answer (0 when no model ran).</summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>True when the answer came from the Gateway's answer cache instead of the agents.</summary>
    public bool Cached { get; init; }

    /// <summary>The prompt template (name and version) the answer was composed with; null when no model composed it.</summary>
    public PromptReference? Prompt { get; init; }

    /// <summary>The RiskAgent's level and reasons for the answer; null when it was not scored (no answer, or no RiskAgent).</summary>
    public RiskAssessment? Risk { get; init; }

    /// <summary>Set when the answer was held for approval: its state, and once decided who decided and when.</summary>
    public ApprovalState? Approval { get; init; }
}

/// <summary>The values of <see cref="AskResponse.Status"/> and <see cref="AgentAnswer.Status"/>.</summary>
public static class AnswerStatus
{
    public const string Answered = "answered";
    public const string NotFound = "not_found";
    public const string Refused = "refused";
    public const string PendingApproval = "pending_approval";

    /// <summary>An answer held for approval that an approver rejected.</summary>
    public const string Rejected = "rejected";

    /// <summary>An answer held for approval that nobody decided on within the approval policy's age.</summary>
    public const string Expired = "expired";

    /// <summary>
    /// Never an answer's status: what the interaction ledger records for a question that got an error (an agent down,
    /// busy, rejecting it or out of time) instead of an answer, so reports and anomaly detection see the errors too.
    /// </summary>
    public const string Failed = "failed";
}

/// <summary>
/// One numbered source of an answer. <see cref="Page"/> is set for PDF sources (1-based),
/// <see cref="Row"/> for CSV sources (1-based data row, the header excluded).
/// </summary>
/// <remarks>
/// <see cref="Snippet"/> is a verbatim quote of the chunk text; <see cref="StartOffset"/> and <see cref="EndOffset"/>
/// locate it in the chunk (character offsets, end exclusive) when the agent can say where it is.
/// </remarks>
public sealed record Citation(
    int Number,
    string DocumentId,
    string DocumentName,
    int? Page,
    int? Row,
    string ChunkId,
    string Snippet,
    double Score,
    int? StartOffset = null,
    int? EndOffset = null);

/// <summary>
/// Narrows retrieval. Every given criterion must hold (AND); within a list any value matches (OR).
/// Upload dates are inclusive bounds on <see cref="DocumentInfo.CreatedAt"/>.
/// </summary>
public sealed record SearchFilters(
    IReadOnlyList<string>? DocumentIds = null,
    IReadOnlyList<string>? SourceNames = null,
    IReadOnlyList<string>? Tags = null,
    DateTimeOffset? UploadedFrom = null,
    DateTimeOffset? UploadedTo = null);
