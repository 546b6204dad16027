using System.Globalization;
using System.Text;
using Switchboard.Evaluation.Compare;
using Switchboard.Evaluation.Evaluate;

namespace Switchboard.Evaluation.Reports;

/// <summary>report.md of <c>compare</c>: both runs side by side with the deltas (left minus right).</summary>
public static class ComparisonMarkdown
{
    public static string Render(ComparisonReport report)
    {
        var (l, r) = (report.LeftReport, report.RightReport);
        var text = new StringBuilder();
        text.AppendLine($"# Switchboard evaluation: {report.Left} vs {report.Right}").AppendLine();
        text.AppendLine($"Same documents and questions (`{Path.GetFileName(l.QuestionsFile)}`: {l.Answers.InScope} in scope, " +
                        $"{l.Answers.OutOfScope} out of scope), each on its own freshly started stack that differs only in " +
                        $"`Retrieval:Search:Mode`. Generated {report.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)}.").AppendLine();
        text.AppendLine($"**{report.Left} hit@3 {Markdown.Rate(report.LeftHitAt3)} vs {report.Right} hit@3 {Markdown.Rate(report.RightHitAt3)}: " +
                        $"{report.Left} is {(report.LeftNotWorseOnHitAt3 ? "not worse" : "WORSE")}.**").AppendLine();
        if (report.IdenticalRankings)
        {
            text.AppendLine($"> Every question's gold rank is identical in both runs. If this is unexpected, check that the RetrievalAgent " +
                            "honours `Retrieval:Search:Mode` (a build without the switch runs the same search twice).").AppendLine();
        }

        text.AppendLine("## Metrics").AppendLine();
        Markdown.Table(text, ["metric", report.Left, report.Right, $"delta ({report.Left} - {report.Right})"],
        [
            RateRow("retrieval hit@1", l.Retrieval.HitAt1, r.Retrieval.HitAt1),
            RateRow("retrieval hit@3", l.Retrieval.HitAt3, r.Retrieval.HitAt3),
            ["retrieval MRR", Markdown.Number(l.Retrieval.Mrr), Markdown.Number(r.Retrieval.Mrr), Markdown.Delta(l.Retrieval.Mrr, r.Retrieval.Mrr, "+0.000;-0.000;0.000")],
            RateRow("page/row hit@1", l.Retrieval.LocationHitAt1, r.Retrieval.LocationHitAt1),
            RateRow("page/row hit@3", l.Retrieval.LocationHitAt3, r.Retrieval.LocationHitAt3),
            RateRow("in-scope answered", l.Answers.InScopeAnsweredRate, r.Answers.InScopeAnsweredRate),
            RateRow("answer correctness", l.Answers.InScopeCorrectRate, r.Answers.InScopeCorrectRate),
            RateRow("answer cites the gold source", l.Answers.CitedGoldRate, r.Answers.CitedGoldRate),
            RateRow("out-of-scope refusal rate", l.Answers.OutOfScopeRefusalRate, r.Answers.OutOfScopeRefusalRate),
            RateRow("hallucination rate", l.Answers.HallucinationRate, r.Answers.HallucinationRate),
            LatencyRow("p50 total latency (ms)", l, r, s => s.P50Ms),
            LatencyRow("p95 total latency (ms)", l, r, s => s.P95Ms),
            ["errors", l.Answers.Errors.ToString(CultureInfo.InvariantCulture), r.Answers.Errors.ToString(CultureInfo.InvariantCulture), (l.Answers.Errors - r.Answers.Errors).ToString("+0;-0;0", CultureInfo.InvariantCulture)],
        ]);

        text.AppendLine("## SOP exit criteria").AppendLine();
        Markdown.Table(text, ["criterion", "target", report.Left, report.Right], l.Criteria.Zip(r.Criteria, (a, b) => (IReadOnlyList<string>)
            [a.Name, a.Target, $"{a.Display} {Markdown.Verdict(a.Passed)}", $"{b.Display} {Markdown.Verdict(b.Passed)}"]));

        text.AppendLine("## Latency per stage (p50 / p95 ms)").AppendLine();
        var stages = l.Latency.Keys.Union(r.Latency.Keys).Order(StringComparer.Ordinal);
        Markdown.Table(text, ["stage", report.Left, report.Right], stages.Select(stage => (IReadOnlyList<string>)
            [stage, Stage(l, stage), Stage(r, stage)]));

        text.AppendLine("## Gold rank per question (in scope)").AppendLine();
        var rightById = r.Questions.ToDictionary(q => q.Id);
        Markdown.Table(text, ["id", $"{report.Left} rank", $"{report.Right} rank", $"{report.Left} status", $"{report.Right} status"],
            l.Questions.Where(q => q.HasGoldDocument).Select(q => (IReadOnlyList<string>)
            [
                q.Id, Rank(q), rightById.TryGetValue(q.Id, out var other) ? Rank(other) : "",
                q.Status + (q.Correct == true ? " (correct)" : ""), other is null ? "" : other.Status + (other.Correct == true ? " (correct)" : ""),
            ]));
        return text.ToString();
    }

    private static IReadOnlyList<string> RateRow(string name, double? left, double? right) =>
        [name, Markdown.Rate(left), Markdown.Rate(right), Markdown.DeltaPoints(left, right)];

    private static IReadOnlyList<string> LatencyRow(string name, EvaluationReport l, EvaluationReport r, Func<LatencyStats, double> pick)
    {
        double? left = l.Latency.TryGetValue("total", out var a) ? pick(a) : null;
        double? right = r.Latency.TryGetValue("total", out var b) ? pick(b) : null;
        return [name, Markdown.Ms(left), Markdown.Ms(right), Markdown.Delta(left, right, "+0;-0;0")];
    }

    private static string Stage(EvaluationReport report, string stage) =>
        report.Latency.TryGetValue(stage, out var s) ? $"{Markdown.Ms(s.P50Ms)} / {Markdown.Ms(s.P95Ms)}" : "";

    private static string Rank(QuestionResult q) => q.GoldRank?.ToString(CultureInfo.InvariantCulture) ?? "-";
}
