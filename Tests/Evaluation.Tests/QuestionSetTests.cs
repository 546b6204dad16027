using Switchboard.Evaluation.Questions;

namespace Switchboard.Evaluation.Tests;

public sealed class QuestionSetTests
{
    [Theory]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"kind\":\"maybe\"}", "'kind'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"kind\":\"in_scope\",\"document\":\"d.md\"}", "'expected'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"kind\":\"out_of_scope\",\"document\":\"d.md\"}", "no gold 'document'")]
    [InlineData("{\"id\":\"a\",\"question\":\"q\",\"kind\":\"in_scope\",\"expected\":[\"x\"],\"document\":\"d.pdf\",\"page\":0}", "1-based")]
    [InlineData("{\"id\":\"a\",\"question\":\"\",\"kind\":\"out_of_scope\"}", "'question'")]
    [InlineData("not json", "not a valid question")]
    public void Bad_lines_are_reported_with_their_line_number(string line, string message)
    {
        var error = Assert.Throws<FormatException>(() => QuestionSet.Parse(["", line], "set.jsonl"));

        Assert.Contains("set.jsonl line 2", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Duplicate_ids_are_rejected()
    {
        const string line = "{\"id\":\"a\",\"question\":\"q\",\"kind\":\"out_of_scope\"}";

        var error = Assert.Throws<FormatException>(() => QuestionSet.Parse([line, line]));

        Assert.Contains("used twice", error.Message);
    }

    [Fact]
    public void The_shipped_sample_set_is_valid_and_covers_every_sample_document()
    {
        var samples = Path.Combine(Repository.Root, "samples");
        var questions = QuestionSet.Load(Path.Combine(samples, "eval", "questions.jsonl"));
        var documents = Evaluate.DocumentIngestion.DocumentFiles(samples).Select(Path.GetFileName).ToList();

        Assert.True(questions.Count(q => q.InScope) >= 40, "at least 40 in-scope questions");
        Assert.True(questions.Count(q => !q.InScope) >= 15, "at least 15 out-of-scope questions");
        Assert.All(documents, document => Assert.True(questions.Count(q => q.Document == document) >= 3, $"{document} has fewer than 3 questions"));
        Assert.All(questions.Where(q => q.Document is not null), q => Assert.Contains(q.Document, documents));
        Assert.Contains(questions, q => q.Page is not null);
        Assert.Contains(questions, q => q.Row is not null);
    }

    /// <summary>
    /// <c>holdout.jsonl</c> is never used to tune anything; it must stay a separate, valid set whose expected strings are
    /// really in the gold source (text and Markdown: the file; CSV: the gold row as indexed, "Header: value; ...").
    /// The PDF questions were checked against the PDF's text the same way when they were written.
    /// </summary>
    [Fact]
    public void The_held_out_set_is_valid_separate_and_its_expected_strings_are_in_the_gold_source()
    {
        var samples = Path.Combine(Repository.Root, "samples");
        var tuning = QuestionSet.Load(Path.Combine(samples, "eval", "questions.jsonl"));
        var holdout = QuestionSet.Load(Path.Combine(samples, "eval", "holdout.jsonl"));
        var documents = Evaluate.DocumentIngestion.DocumentFiles(samples).Select(Path.GetFileName).ToList();

        Assert.True(holdout.Count(q => q.InScope) >= 20, "at least 20 in-scope questions");
        Assert.True(holdout.Count(q => !q.InScope) >= 12, "at least 12 out-of-scope questions");
        Assert.Empty(holdout.Select(q => q.Id).Intersect(tuning.Select(q => q.Id)));
        Assert.Empty(holdout.Select(q => q.Question).Intersect(tuning.Select(q => q.Question), StringComparer.OrdinalIgnoreCase));
        foreach (var question in holdout.Where(q => q.InScope))
        {
            Assert.Contains(question.Document, documents);
            var path = Path.Combine(samples, question.Document!);
            string? source = Path.GetExtension(path) switch
            {
                ".md" or ".txt" => File.ReadAllText(path),
                ".csv" => CsvRow(File.ReadAllLines(path), question.Row!.Value),
                _ => null,
            };
            if (source is not null)
            {
                Assert.True(question.Expected!.Any(e => Normalise(source).Contains(Normalise(e), StringComparison.Ordinal)),
                    $"{question.Id}: none of [{string.Join(", ", question.Expected!)}] is in {question.Document}");
            }
        }
    }

    private static string Normalise(string text) => string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Data row <paramref name="row"/> (1-based) as the RetrievalAgent indexes it: "Header: value; ...".</summary>
    private static string CsvRow(string[] lines, int row)
    {
        var header = Fields(lines[0]);
        var values = Fields(lines[row]);
        return string.Join("; ", values.Select((v, i) => $"{(i < header.Count ? header[i] : $"Column {i + 1}")}: {v}"));
    }

    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
