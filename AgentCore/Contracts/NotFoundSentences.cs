namespace Switchboard.AgentCore.Contracts;

/// <summary>
/// Every sentence a <c>not_found</c> answer says, in one place. The answering agent decides not_found (the
/// RetrievalAgent's evidence gate, <c>RetrievalAgent/Answering/RetrievedEvidence.cs</c>) and says
/// <see cref="NothingFound"/>; the Gateway passes the agent's words on, and says one of the others only where it stops a
/// question itself: no agent to ask (out of scope), or a review that does not let the answer out.
/// </summary>
public static class NotFoundSentences
{
    public const string NothingFound = "I could not find an answer to this in the available sources.";

    /// <summary>The ReportingAgent's not_found: the question is not one its usage reports answer.</summary>
    public const string NotAUsageQuestion =
        "I can only report on Switchboard's own usage: how many questions were asked, answered, not found or refused, " +
        "latency (median and p95), questions per intent, tokens used, model cost and anything unusual, for ranges such as today, yesterday, this week, last week, " +
        "this month or the last 7 days.";

    public const string OutOfScope =
        "That question is outside what I can answer: I only answer from the uploaded documents and from Switchboard's usage reports.";

    public const string Unverified = "I found related passages but could not verify an answer from them.";

    public const string NeedsApproval =
        "I found an answer, but it must be approved by a person before it can be shared, and this deployment has no approval queue yet.";
}
