using System.Text.RegularExpressions;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// What a question must hold for the classifier's specialist intents to be believed. The classifier learns from a few
/// hundred examples, so a question that only <em>looks like</em> a usage question ("How many permit checks did Alabama
/// have?") or like smalltalk ("What phone number can you call?") is scored as one. A usage report is answered from
/// the ledger and smalltalk with a canned reply: a wrong one is a confident wrong answer. So each needs its own words:
/// usage vocabulary (questions, answers, latency, cost, tokens, usage, anomalies...) about Switchboard itself, or the words of a
/// greeting, a thanks or a question about the assistant. Without them the question goes to documents, where the
/// RetrievalAgent's evidence decides.
/// </summary>
public static partial class IntentEvidence
{
    private static readonly HashSet<string> UsageWords = new(StringComparer.Ordinal)
    {
        "usage", "used", "use", "cost", "costs", "spend", "spent", "spending", "money", "token", "tokens", "latency",
        "p50", "p95", "p99", "percentile", "percentiles", "median", "slow", "fast", "busy", "response", "responses",
        "question", "questions", "query", "queries", "request", "requests", "interaction", "interactions", "answer",
        "answers", "answered", "unanswered", "refused", "blocked", "intent", "intents", "routed", "switchboard",
        "assistant", "bot", "ledger", "report", "statistics", "stats", "breakdown", "model", "calls",
        // what the ReportingAgent's anomaly detector answers ("anything unusual today?", "any anomalies this week?")
        "unusual", "anomaly", "anomalies", "anomalous", "abnormal", "spike", "spikes", "spiked", "outlier", "outliers",
    };

    private static readonly HashSet<string> SmalltalkWords = new(StringComparer.Ordinal)
    {
        "hello", "hi", "hey", "yo", "howdy", "morning", "afternoon", "evening", "thanks", "thank", "cheers", "bye",
        "goodbye", "later", "nice", "great", "ok", "okay", "perfect", "helpful", "awesome", "job", "you", "your", "yourself",
        "help", "assistant", "bot", "human", "up", "going", "anyone", "got",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    private static IEnumerable<string> Words(string question) => Word().Matches(question).Select(m => m.Value.ToLowerInvariant());

    /// <summary>Whether the question speaks of Switchboard's own usage (questions, answers, latency, cost, tokens ...).</summary>
    public static bool HasUsageVocabulary(string question) => Words(question).Any(UsageWords.Contains);

    /// <summary>
    /// Whether the question reads as smalltalk: every other word is a greeting, thanks or about the assistant, or it is
    /// short and holds one of them ("Who are you?", "What can you do?").
    /// </summary>
    public static bool HasSmalltalkVocabulary(string question)
    {
        var words = Words(question).ToList();
        return words.Count > 0 && words.Any(SmalltalkWords.Contains) && words.Count <= 8;
    }
}
