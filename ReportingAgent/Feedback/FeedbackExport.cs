using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ReportingAgent.Feedback;

/// <summary>
/// One line of the feedback export: a question of the evaluation harness's set (<c>id</c>, <c>question</c>,
/// <c>kind</c>, <c>expected</c>, <c>document</c>, <c>page</c>, <c>row</c>: samples/eval/README.md) plus what it came from
/// (the harness ignores the extra fields).
/// </summary>
public sealed record FeedbackCase(
    string Id,
    string Question,
    string Kind,
    IReadOnlyList<string>? Expected,
    string? Document,
    int? Page,
    int? Row,
    string Label,
    string Verdict,
    string Status,
    string? Intent,
    string Answer,
    IReadOnlyList<FeedbackCitation> Citations,
    string? Comment,
    string? Correction,
    string AnswerId,
    DateTimeOffset GivenAt)
{
    /// <summary>The intent the asker says the question should have had; null when they did not say.</summary>
    public string? CorrectedIntent { get; init; }
}

/// <summary>
/// One line of the feedback export's router training set (<c>?set=intents</c>): a question whose routed intent the asker
/// corrected. Read by Tools/RouterTraining together with the router's base examples.
/// </summary>
public sealed record IntentCorrection(string Question, string? Intent, string CorrectedIntent, string AnswerId, DateTimeOffset GivenAt);

/// <summary>
/// Turns verdicts into regression cases for the evaluation harness. <see cref="Label"/> says how the label was found:
/// <list type="table">
/// <item><term>a correction</term><description><c>in_scope</c>, expected = the correction (<c>corrected</c>)</description></item>
/// <item><term>up on an answer</term><description><c>in_scope</c>, expected = its first sentence, the gold source = citation 1 (<c>confirmed</c>)</description></item>
/// <item><term>up on not_found</term><description><c>out_of_scope</c> (<c>confirmed</c>)</description></item>
/// <item><term>down on an answer</term><description><c>out_of_scope</c>: that answer must not come back, and <c>not_found</c> beats a wrong answer; add a correction (or edit the line) when the documents do hold the right one (<c>rejected</c>)</description></item>
/// <item><term>down on not_found, no correction</term><description>skipped: nobody said what the answer is</description></item>
/// </list>
/// Refused, pending and unrouted answers (no standalone question) are skipped too.
/// </summary>
public static partial class FeedbackExport
{
    public const string Confirmed = "confirmed";
    public const string Corrected = "corrected";
    public const string Rejected = "rejected";

    private const int MaxExpectedLength = 300;

    public static (IReadOnlyList<FeedbackCase> Cases, int Skipped) Cases(IEnumerable<FeedbackEntry> entries)
    {
        var cases = new List<FeedbackCase>();
        var skipped = 0;
        foreach (var entry in entries)
        {
            if (Case(entry) is { } line)
            {
                cases.Add(line);
            }
            else
            {
                skipped++;
            }
        }

        return (cases, skipped);
    }

    /// <summary>
    /// Every verdict that names a corrected intent for a routed question (whatever else it says: a corrected intent is
    /// useful also where no evaluation case can be made, e.g. a thumbs-down on not_found without the right answer).
    /// </summary>
    public static IReadOnlyList<IntentCorrection> IntentCorrections(IEnumerable<FeedbackEntry> entries) =>
        entries
            .Where(e => !string.IsNullOrWhiteSpace(e.Question) && e.CorrectedIntent is { Length: > 0 } && Intents.All.Contains(e.CorrectedIntent))
            .Select(e => new IntentCorrection(e.Question!, e.Intent, e.CorrectedIntent!, e.AnswerId, e.GivenAt))
            .ToList();

    /// <summary>The JSONL text: one case per line, each line ending with a newline.</summary>
    public static string Jsonl<T>(IEnumerable<T> cases)
    {
        var text = new StringBuilder();
        foreach (var line in cases)
        {
            text.Append(JsonSerializer.Serialize(line, SwitchboardJson.Options)).Append('\n');
        }

        return text.ToString();
    }

    public static FeedbackCase? Case(FeedbackEntry entry)
    {
        if (string.IsNullOrWhiteSpace(entry.Question) || entry.Status is not (AnswerStatus.Answered or AnswerStatus.NotFound))
        {
            return null;
        }

        var answered = entry.Status == AnswerStatus.Answered;
        var up = entry.Verdict == FeedbackVerdicts.Up;
        var source = entry.Citations.OrderBy(c => c.Number).FirstOrDefault();
        return (entry.Correction, up, answered) switch
        {
            ({ Length: > 0 } correction, _, _) => Line(entry, QuestionKind.InScope, [Shorten(correction)], null, Corrected),
            (_, true, true) when FirstSentence(entry.Answer) is { Length: > 0 } sentence =>
                Line(entry, QuestionKind.InScope, [sentence], source, Confirmed),
            (_, true, false) => Line(entry, QuestionKind.OutOfScope, null, null, Confirmed),
            (_, false, true) => Line(entry, QuestionKind.OutOfScope, null, null, Rejected),
            _ => null,
        };
    }

    private static FeedbackCase Line(FeedbackEntry entry, string kind, IReadOnlyList<string>? expected, FeedbackCitation? source, string label) => new(
        $"feedback-{entry.AnswerId}",
        entry.Question!,
        kind,
        expected,
        source?.DocumentName,
        source is null ? null : source.Page,
        source is null ? null : source.Row,
        label,
        entry.Verdict,
        entry.Status,
        entry.Intent,
        entry.Answer,
        entry.Citations,
        entry.Comment,
        entry.Correction,
        entry.AnswerId,
        entry.GivenAt)
    {
        CorrectedIntent = entry.CorrectedIntent,
    };

    /// <summary>
    /// What a later answer to the question must still contain: the first stretch of the answer between its [n] markers
    /// that holds a few words, cut at its first sentence end and without the closing punctuation (the harness matches by
    /// containment, and a new answer may cite other numbers).
    /// </summary>
    public static string FirstSentence(string answer)
    {
        var stretches = CitationMarker().Split(Whitespace().Replace(answer, " "))
            .Select(part => part.Trim())
            .Where(part => part.Length > 0)
            .Select(part => SentenceEnd().Match(part) is { Success: true } end ? part[..end.Index] : part)
            .Select(part => part.Trim().TrimEnd('.', '!', '?', ',', ';', ':').Trim())
            .Where(part => part.Length > 0)
            .ToList();
        var first = stretches.FirstOrDefault(part => part.Split(' ').Length >= 3) ?? stretches.MaxBy(part => part.Length) ?? string.Empty;
        return Shorten(first);
    }

    private static string Shorten(string text)
    {
        text = text.Trim();
        return text.Length <= MaxExpectedLength ? text : text[..MaxExpectedLength].TrimEnd();
    }

    /// <summary>The harness's two kinds (Tests/Evaluation <c>QuestionKinds</c>).</summary>
    private static class QuestionKind
    {
        public const string InScope = "in_scope";
        public const string OutOfScope = "out_of_scope";
    }

    [GeneratedRegex(@"\[\d+(?:\s*,\s*\d+)*\]")]
    private static partial Regex CitationMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // A full stop, question or exclamation mark followed by a space: not the dot of "1.5".
    [GeneratedRegex(@"[.!?](?=\s)")]
    private static partial Regex SentenceEnd();
}
