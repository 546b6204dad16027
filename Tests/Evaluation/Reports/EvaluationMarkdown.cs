using System.Globalization;
using System.Text;
using Switchboard.Evaluation.Evaluate;
using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Reports;

/// <summary>report.md of one <c>evaluate</c> run.</summary>
public static class EvaluationMarkdown
{
    public static string Render(EvaluationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"# Switchboard evaluation: {report.Label}").AppendLine();
        text.AppendLine($"Gateway `{report.Gateway}`, questions `{Path.GetFileName(report.QuestionsFile)}` " +
                        $"({report.Answers.InScope} in scope, {report.Answers.OutOfScope} out of scope, {report.Answers.Unanswerable} unanswerable), " +
                        $"search top-k {report.SearchTopK}, generated {report.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)}.").AppendLine();

        AppendCriteria(text, report);
        AppendMetrics(text, report);
        AppendGroups(text, report);
        AppendLatency(text, report);

        text.AppendLine("## Documents").AppendLine();
        Markdown.Table(text, ["document", "status", "chunks", "note"], report.Documents.Select(d => (IReadOnlyList<string>)
            [d.Name, d.Status, d.Chunks.ToString(CultureInfo.InvariantCulture), d.AlreadyPresent ? "already present" : d.Error ?? ""]));

        AppendMisses(text, report);

        text.AppendLine("## Every question").AppendLine();
        Markdown.Table(text, ["id", "kind", "status", "correct", "gold rank", "page/row rank", "total ms"], report.Questions.Select(q => (IReadOnlyList<string>)
        [
            q.Id, q.Kind, q.Status,
            q.Correct switch { true => "yes", false => "no", null => "" },
            q.HasGoldDocument ? q.GoldRank?.ToString(CultureInfo.InvariantCulture) ?? "-" : "",
            q.HasLocation ? q.LocationRank?.ToString(CultureInfo.InvariantCulture) ?? "-" : "",
            Markdown.Ms(q.Timings.TryGetValue("total", out var total) ? total : null),
        ]));
        return text.ToString();
    }

    public static void AppendCriteria(StringBuilder text, EvaluationReport report)
    {
        text.AppendLine("## SOP exit criteria").AppendLine();
        Markdown.Table(text, ["criterion", "target", "actual", "result"],
            report.Criteria.Select(c => (IReadOnlyList<string>)[c.Name, c.Target, c.Display, Markdown.Verdict(c.Passed)]));
    }

    private static void AppendMetrics(StringBuilder text, EvaluationReport report)
    {
        var r = report.Retrieval;
        var a = report.Answers;
        text.AppendLine("## Retrieval and answers").AppendLine();
        Markdown.Table(text, ["metric", "value", "over"],
        [
            ["retrieval hit@1 (gold document)", Markdown.Rate(r.HitAt1), $"{r.Questions} in-scope questions"],
            ["retrieval hit@3 (gold document)", Markdown.Rate(r.HitAt3), $"{r.Questions} in-scope questions"],
            ["retrieval MRR (gold document)", Markdown.Number(r.Mrr), $"{r.Questions} in-scope questions"],
            ["retrieval hit@1 (gold page/row)", Markdown.Rate(r.LocationHitAt1), $"{r.LocationQuestions} questions with a page or row"],
            ["retrieval hit@3 (gold page/row)", Markdown.Rate(r.LocationHitAt3), $"{r.LocationQuestions} questions with a page or row"],
            ["in-scope answered", Markdown.Rate(a.InScopeAnsweredRate), $"{a.InScope} in-scope questions"],
            ["answer correctness", Markdown.Rate(a.InScopeCorrectRate), $"{a.InScope} in-scope questions"],
            ["correct when answered", Markdown.Rate(a.CorrectWhenAnswered), "answered in-scope questions"],
            ["answer cites the gold source", Markdown.Rate(a.CitedGoldRate), "answered in-scope questions"],
            ["out-of-scope refusal rate", Markdown.Rate(a.OutOfScopeRefusalRate), $"{a.OutOfScope} out-of-scope questions"],
            ["hallucination rate", Markdown.Rate(a.HallucinationRate), $"{a.OutOfScope} out-of-scope questions"],
            ["unanswerable refused", Markdown.Rate(a.UnanswerableRefusalRate), $"{a.Unanswerable} unanswerable questions"],
            ["wrong among answered", Markdown.Rate(a.WrongAnswerRate), "answered questions of every kind (in scope wrong, or should have been refused)"],
            ["errors (non-200 from the Gateway)", a.Errors.ToString(CultureInfo.InvariantCulture), "all questions"],
        ]);
    }

    private static void AppendGroups(StringBuilder text, EvaluationReport report)
    {
        if (report.Groups is not { Count: > 0 } groups)
        {
            return;
        }

        text.AppendLine("## By kind, source and task").AppendLine();
        text.AppendLine("Right = in scope answered correctly; out of scope and unanswerable refused.").AppendLine();
        Markdown.Table(text, ["group", "value", "questions", "right", "answered"], groups.Select(g => (IReadOnlyList<string>)
            [g.Dimension, g.Value, g.Questions.ToString(CultureInfo.InvariantCulture), Markdown.Rate(g.Right), Markdown.Rate(g.Answered)]));
    }

    private static void AppendLatency(StringBuilder text, EvaluationReport report)
    {
        text.AppendLine("## Latency per stage (ms)").AppendLine();
        text.AppendLine("Stages are the Gateway's `timings`; `client.*` is the harness's own wall clock per HTTP call.").AppendLine();
        Markdown.Table(text, ["stage", "n", "p50", "p95"], report.Latency.Select(pair => (IReadOnlyList<string>)
            [pair.Key, pair.Value.Count.ToString(CultureInfo.InvariantCulture), Markdown.Ms(pair.Value.P50Ms), Markdown.Ms(pair.Value.P95Ms)]));
    }

    private static void AppendMisses(StringBuilder text, EvaluationReport report)
    {
        var misses = report.Questions
            .Where(q => !q.IsRight())
            .ToList();
        text.AppendLine($"## Misses ({misses.Count})").AppendLine();
        if (misses.Count == 0)
        {
            text.AppendLine("None.").AppendLine();
            return;
        }

        Markdown.Table(text, ["id", "kind", "task", "question", "status", "answer / error"], misses.Select(q => (IReadOnlyList<string>)
            [q.Id, q.Kind, q.Task ?? "", q.Question, q.Status, Markdown.Truncate(q.Error ?? q.Answer, 200)]));
    }
}
