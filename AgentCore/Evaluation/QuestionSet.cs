using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Evaluation.Questions;

/// <summary>Reads and checks a JSONL question file; a bad line is reported with its number, never skipped silently.</summary>
public static class QuestionSet
{
    /// <summary>
    /// One JSONL file, or every <c>*.jsonl</c> file of a folder (in name order, ids unique across them), so a set can be
    /// kept one file per source (samples/devset/pdf.jsonl, text.jsonl, csv.jsonl).
    /// </summary>
    public static IReadOnlyList<EvalQuestion> Load(string path)
    {
        if (!Directory.Exists(path))
        {
            return Parse(File.ReadLines(path), Path.GetFileName(path));
        }

        var files = Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FormatException($"{path} holds no *.jsonl question file.");
        }

        var questions = files.SelectMany(file => Parse(File.ReadLines(file), Path.GetFileName(file))).ToList();
        var twice = questions.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? questions : throw new FormatException($"{path}: id '{twice.Key}' is used in two files.");
    }

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
        { Kind: not (QuestionKinds.InScope or QuestionKinds.OutOfScope or QuestionKinds.Unanswerable) } =>
            $"'kind' must be '{QuestionKinds.InScope}', '{QuestionKinds.OutOfScope}' or '{QuestionKinds.Unanswerable}'.",
        { InScope: true, Expected: null or { Count: 0 } } => "an in_scope question needs at least one 'expected' string.",
        { Expected: { } expected } when expected.Any(string.IsNullOrWhiteSpace) => "'expected' strings must not be blank.",
        { Kind: QuestionKinds.OutOfScope, Document: not null } => "an out_of_scope question has no gold 'document'.",
        { InScope: false, Expected: not null } => "only an in_scope question has 'expected' strings.",
        { Source: not (null or "pdf" or "text" or "csv") } => "'source' must be 'pdf', 'text' or 'csv'.",
        { Page: < 1 } or { Row: < 1 } => "'page' and 'row' are 1-based.",
        { Document: null, Page: not null } or { Document: null, Row: not null } => "'page'/'row' need a 'document'.",
        _ => null,
    };
}
