namespace Switchboard.Workflows.Dags.Evaluation;

/// <summary><c>Workflows:Evaluation</c>: the labelled set the nightly evaluation asks, and where its reports go.</summary>
public sealed class EvaluationOptions
{
    public const string SectionName = "Workflows:Evaluation";

    /// <summary>
    /// A <c>questions.jsonl</c> of the evaluation harness (Tests/Evaluation); relative to the content root. Default: the
    /// copy of <c>samples/eval/questions.jsonl</c> built into the service (and its image).
    /// </summary>
    public string QuestionsFile { get; set; } = "eval/questions.jsonl";

    /// <summary>The set's name on the metrics (label <c>set</c>); default: the file's name without extension.</summary>
    public string? SetName { get; set; }

    /// <summary>Hits fetched per question from <c>/v1/search</c> (hit@1, hit@3 and MRR are computed from them).</summary>
    public int SearchTopK { get; set; } = 10;

    /// <summary>At most this many questions (0: all), for a quick check.</summary>
    public int MaxQuestions { get; set; }

    /// <summary>Where each run's report (JSON and Markdown) is written; relative to the content root. Default: the temp folder.</summary>
    public string ReportDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "switchboard-evaluation");
}
