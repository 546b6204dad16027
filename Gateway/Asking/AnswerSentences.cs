using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// The fixed sentences the Gateway answers with when no agent's answer can be shown. Each says plainly what
/// happened, so a user never mistakes a refusal or a gap in the documents for an answer.
/// </summary>
public static class AnswerSentences
{
    public const string Smalltalk =
        "Hello! I'm Switchboard. I answer questions from the documents you upload (PDF, CSV, TXT or Markdown), " +
        "with numbered sources you can check, and questions about usage, cost and latency. Ask me anything about your documents.";

    // The not_found sentences are the agents' as well: declared once, in the contracts.
    public const string OutOfScope = NotFoundSentences.OutOfScope;

    public const string NothingFound = NotFoundSentences.NothingFound;

    public const string Unverified = NotFoundSentences.Unverified;

    public const string NeedsApproval = NotFoundSentences.NeedsApproval;

    public const string PendingApproval =
        "I found an answer, and it is waiting for a person to approve it before it is shared. Check back with its answer id.";

    public const string ApprovalExpired =
        "I found an answer, but nobody approved it in time, so it was not shared. Ask again or contact a reviewer.";

    public static string ApprovalRejected(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? "A reviewer did not approve the answer to this question, so it is not shared."
            : $"A reviewer did not approve the answer to this question, so it is not shared (reason: {reason.Trim().TrimEnd('.')}).";

    public static string Refused(string? reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? "I can't answer this question: it was refused by the compliance screen."
            : $"I can't answer this question: it was refused by the compliance screen ({reason.Trim().TrimEnd('.')}).";
}
