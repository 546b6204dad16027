namespace Switchboard.Gateway.Sessions;

/// <summary>
/// One exchange of a conversation as the Gateway keeps it: only screened text (personal data already replaced), the
/// standalone form the agents answered when the router rewrote a follow-up, and the names of the cited documents.
/// </summary>
public sealed record SessionTurn(
    string Question,
    string? RewrittenQuestion,
    string Status,
    string Answer,
    IReadOnlyList<string> Documents,
    DateTimeOffset At);

/// <summary>The body of <c>GET /v1/sessions/{id}</c>: the kept turns, oldest first.</summary>
public sealed record SessionView(string SessionId, IReadOnlyList<SessionTurn> Turns);
