using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.EndToEnd.Tests;

/// <summary>One entry of samples/questions.json.</summary>
public sealed record SampleQuestion(string Question, string Kind, string? Document = null, string? Expect = null)
{
    public const string InScope = "in_scope";
    public const string OutOfScope = "out_of_scope";

    public static IReadOnlyList<SampleQuestion> Load(string samplesDirectory)
    {
        var path = Path.Combine(samplesDirectory, "questions.json");
        var questions = JsonSerializer.Deserialize<List<SampleQuestion>>(File.ReadAllText(path), SwitchboardJson.Options)
            ?? throw new InvalidOperationException($"{path} is empty.");
        foreach (var q in questions)
        {
            if (q.Kind is not (InScope or OutOfScope))
            {
                throw new InvalidOperationException($"{path}: '{q.Question}' has kind '{q.Kind}'.");
            }

            if (q.Kind == InScope && (string.IsNullOrWhiteSpace(q.Document) || string.IsNullOrWhiteSpace(q.Expect)))
            {
                throw new InvalidOperationException($"{path}: in-scope question '{q.Question}' needs a document and an expect string.");
            }
        }

        return questions;
    }
}
