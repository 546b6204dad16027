using System.Text.Json.Serialization;

namespace Switchboard.AgentCore.Contracts;

/// <summary>RouterAgent input (<c>POST /route</c>). History is the previous questions of the session, oldest first.</summary>
public sealed record RouteRequest(string Question, IReadOnlyList<string>? History = null)
{
    /// <summary>
    /// The previous exchanges of the session, oldest first, with the standalone form of each question and its answer, so
    /// a follow-up ("and in 2023?") can be rewritten into a standalone question. When absent, <see cref="History"/> is used.
    /// </summary>
    public IReadOnlyList<ConversationTurn>? Turns { get; init; }
}

/// <summary>One earlier exchange of a conversation, as the router sees it (screened text only).</summary>
/// <param name="Question">The question as asked (after screening).</param>
/// <param name="RewrittenQuestion">The standalone question it was answered as; null when it was not rewritten.</param>
/// <param name="Answer">The answer text, when there was one.</param>
public sealed record ConversationTurn(string Question, string? RewrittenQuestion = null, string? Answer = null)
{
    /// <summary>The question as the agents received it: the rewritten form when there is one.</summary>
    [JsonIgnore]
    public string Standalone => string.IsNullOrWhiteSpace(RewrittenQuestion) ? Question : RewrittenQuestion;
}

/// <summary>RouterAgent output: the intent, how sure it is, which agents to call, and the question to send them.</summary>
public sealed record RouteDecision(string Intent, double Confidence, IReadOnlyList<string> Agents, string RewrittenQuestion);

public static class Intents
{
    public const string Documents = "documents";
    public const string UsageReport = "usage_report";
    public const string Smalltalk = "smalltalk";
    public const string OutOfScope = "out_of_scope";

    public static readonly IReadOnlyList<string> All = [Documents, UsageReport, Smalltalk, OutOfScope];
}

/// <summary>Agent names as they appear in a route plan; each is also the service-discovery name of the agent.</summary>
public static class AgentNames
{
    public const string Retrieval = "retrieval";
    public const string Reporting = "reporting";
    public const string Compliance = "compliance";
    public const string Router = "router";
    public const string Risk = "risk";

    /// <summary>The workflow service (scheduled DAGs); not an answering agent, proxied by the Gateway as <c>/v1/workflows</c>.</summary>
    public const string Workflows = "workflows";
}
