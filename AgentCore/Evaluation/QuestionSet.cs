using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Evaluation.Questions;

/// <summary>Reads and checks a JSONL question file; a bad line is reported with its number, never skipped silently.</summary>
public static class QuestionSet
{
    public static IReadOnlyList<EvalQuestion> Load(string path) => Parse(File.ReadLines(path), Path.GetFileName(path));

    public static IReadOnlyList<EvalQuestion> Parse(IEnumerable<string> lines, string source = "questions")
    {
        var questions = new List<EvalQuestion>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            EvalQuestion? question;
            try
            {
                question = JsonSerializer.Deserialize<EvalQuestion>(line, SwitchboardJson.Options);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{source} line {number}: not a valid question object ({ex.Message}).");
            }

            if (Problem(question) is { } problem)
            {
                throw new FormatException($"{source} line {number}: {problem}");
            }

            if (!ids.Add(question!.Id))
            {
                throw new FormatException($"{source} line {number}: id '{question.Id}' is used twice.");
            }

            questions.Add(question);
        }

        return questions.Count > 0 ? questions : throw new FormatException($"{source} holds no questions.");
    }

    private static string? Problem(EvalQuestion? q) => q switch
    {
        null => "the line is not a JSON object.",
        { Id: null or "" } => "'id' is required.",
        _ when string.IsNullOrWhiteSpace(q.Question) => "'question' is required.",
        { Kind: not (QuestionKinds.InScope or QuestionKinds.OutOfScope) } => $"'kind' must be '{QuestionKinds.InScope}' or '{QuestionKinds.OutOfScope}'.",
        { InScope: true, Expected: null or { Count: 0 } } => "an in_scope question needs at least one 'expected' string.",
        { Expected: { } expected } when expected.Any(string.IsNullOrWhiteSpace) => "'expected' strings must not be blank.",
        { InScope: false, Document: not null } => "an out_of_scope question has no gold 'document'.",
        { Page: < 1 } or { Row: < 1 } => "'page' and 'row' are 1-based.",
        { Document: null, Page: not null } or { Document: null, Row: not null } => "'page'/'row' need a 'document'.",
        _ => null,
    };
}
