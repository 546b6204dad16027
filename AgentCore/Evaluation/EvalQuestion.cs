namespace Switchboard.Evaluation.Questions;

/// <summary>
/// One labelled question of the evaluation set (one line of <c>questions.jsonl</c>). For <c>in_scope</c> questions,
/// <see cref="Expected"/> holds strings of which any one must be contained in a correct answer, and <see cref="Document"/>
/// (with <see cref="Page"/> or <see cref="Row"/> when known) is the gold source.
/// </summary>
public sealed record EvalQuestion(
    string Id,
    string Question,
    string Kind,
    IReadOnlyList<string>? Expected = null,
    string? Document = null,
    int? Page = null,
    int? Row = null)
{
    public bool InScope => Kind == QuestionKinds.InScope;

    /// <summary>Whether a page or row is labelled, so location-level retrieval can be scored.</summary>
    public bool HasLocation => Page is not null || Row is not null;
}

public static class QuestionKinds
{
    public const string InScope = "in_scope";
    public const string OutOfScope = "out_of_scope";
}
