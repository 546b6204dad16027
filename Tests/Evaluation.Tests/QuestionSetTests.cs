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
}
