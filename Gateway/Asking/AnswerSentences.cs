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

    public const string OutOfScope =
        "That question is outside what I can answer: I only answer from the uploaded documents and from Switchboard's usage reports.";

    public const string NothingFound = "I could not find an answer to that in the available sources.";

    public const string Unverified = "I found related passages but could not verify an answer from them.";

    public const string NeedsApproval =
        "I found an answer, but it must be approved by a person before it can be shared, and this deployment has no approval queue yet.";

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
