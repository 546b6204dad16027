namespace Switchboard.AgentCore.Contracts;

/// <summary>RouterAgent input (<c>POST /route</c>). History is the previous questions of the session, oldest first.</summary>
public sealed record RouteRequest(string Question, IReadOnlyList<string>? History = null);

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
}
