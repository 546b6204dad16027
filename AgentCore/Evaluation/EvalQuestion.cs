namespace Switchboard.Evaluation.Questions;

/// <summary>
/// One labelled question of the evaluation set (one line of a <c>*.jsonl</c> file). For <c>in_scope</c> questions,
/// <see cref="Expected"/> holds strings of which any one must be contained in a correct answer, and <see cref="Document"/>
/// (with <see cref="Page"/> or <see cref="Row"/> when known) is the gold source. An <c>unanswerable</c> question may name
/// the <see cref="Document"/> whose passage it was written against (the corpus talks about the topic but does not hold
/// the answer). <see cref="Source"/> (pdf, text, csv) and <see cref="Task"/> (lookup, table, entity_swap, ...) group the
/// results in the report.
/// </summary>
public sealed record EvalQuestion(
    string Id,
    string Question,
    string Kind,
    IReadOnlyList<string>? Expected = null,
    string? Document = null,
    int? Page = null,
    int? Row = null,
    string? Source = null,
    string? Task = null)
{
    public bool InScope => Kind == QuestionKinds.InScope;

    /// <summary>Whether the right outcome is a refusal (<c>not_found</c> or <c>refused</c>).</summary>
    public bool ExpectsRefusal => Kind is QuestionKinds.OutOfScope or QuestionKinds.Unanswerable;

    /// <summary>Whether a page or row is labelled, so location-level retrieval can be scored.</summary>
    public bool HasLocation => Page is not null || Row is not null;
}

public static class QuestionKinds
{
    public const string InScope = "in_scope";
    public const string OutOfScope = "out_of_scope";

    /// <summary>The corpus talks about the topic but does not hold the answer (entity swap, negation, false premise...).</summary>
    public const string Unanswerable = "unanswerable";
}
