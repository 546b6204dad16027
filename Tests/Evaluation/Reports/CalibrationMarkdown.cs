using System.Globalization;
using System.Text;
using Switchboard.Evaluation.Calibrate;

namespace Switchboard.Evaluation.Reports;

/// <summary>calibration.md: the recommendation first, then the sweep.</summary>
public static class CalibrationMarkdown
{
    public static string Render(CalibrationReport report)
    {
        var inScope = report.Samples.Count(s => s.Kind == Questions.QuestionKinds.InScope);
        var outOfScope = report.Samples.Count - inScope;
        var best = report.Best;
        var text = new StringBuilder();
        text.AppendLine("# Not-found threshold calibration").AppendLine();
        text.AppendLine($"RetrievalAgent `{report.Retrieval}`, questions `{Path.GetFileName(report.QuestionsFile)}` ({inScope} in scope, " +
                        $"{outOfScope} out of scope), generated {report.GeneratedAt.ToString("u", CultureInfo.InvariantCulture)}.").AppendLine();
        text.AppendLine($"**Recommended threshold {F(best.Threshold)}**: {best.InScopeCorrect} of {inScope} in-scope questions answered from the gold " +
                        $"document, {best.InScopeWrong} from another document, {best.OutOfScopeFalseAnswers} of {outOfScope} out-of-scope questions answered " +
                        $"({Markdown.Rate(best.FalseAnswerRate)}; limit {Markdown.Rate(report.MaxFalseAnswerRate)}).").AppendLine();
        text.AppendLine("Apply it with:").AppendLine();
        text.AppendLine("```").AppendLine(report.ConfigurationLine).AppendLine("```").AppendLine();
        text.AppendLine($"At the threshold the agent runs with now, it answers {report.CurrentInScopeAnswered} in-scope and " +
                        $"{report.CurrentOutOfScopeAnswered} out-of-scope questions (the `status` of `/evidence`).").AppendLine();

        text.AppendLine("## Candidates").AppendLine();
        text.AppendLine("Answer when evidence >= threshold. Correct: the best candidate is the gold document.").AppendLine();
        Markdown.Table(text, ["threshold", "in-scope correct", "in-scope wrong document", "in-scope declined", "out-of-scope answered", "false-answer rate", "feasible", ""],
            report.Candidates.Select(c => (IReadOnlyList<string>)
            [
                c == report.Candidates[^1] ? "above all (answer nothing)" : F(c.Threshold), I(c.InScopeCorrect), I(c.InScopeWrong), I(c.InScopeDeclined), I(c.OutOfScopeFalseAnswers),
                Markdown.Rate(c.FalseAnswerRate), c.Feasible ? "yes" : "no", c == best ? "**chosen**" : "",
            ]));

        text.AppendLine("## Evidence per question").AppendLine();
        Markdown.Table(text, ["id", "kind", "evidence", "best document", "gold document", "status now"], report.Samples
            .OrderByDescending(s => s.Evidence)
            .Select(s => (IReadOnlyList<string>)[s.Id, s.Kind, F(s.Evidence), s.BestDocument ?? "", s.GoldDocument ?? "", s.CurrentStatus]));
        return text.ToString();
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
