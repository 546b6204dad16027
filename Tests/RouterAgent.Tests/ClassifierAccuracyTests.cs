using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;

namespace Switchboard.RouterAgent.Tests;

/// <summary>Trains on the shipped examples file and scores phrasings that are not in it.</summary>
public sealed class ClassifierAccuracyTests
{
    // Held out: none of these sentences is in Routing/intents.tsv (checked below), and several use words it lacks.
    private static readonly (string Intent, string Question)[] HeldOut =
    [
        (Intents.Documents, "How much can I spend on a hotel in New York?"),
        (Intents.Documents, "What is the list price of the X300 camera?"),
        (Intents.Documents, "What was our operating margin in the second quarter?"),
        (Intents.Documents, "How many vacation days do part-time staff get?"),
        (Intents.Documents, "Who do I contact when my badge stops working?"),
        (Intents.Documents, "What is the guaranteed resolution time for critical support tickets?"),
        (Intents.Documents, "Are train tickets in first class reimbursed?"),
        (Intents.UsageReport, "How many questions did the assistant fail to answer yesterday?"),
        (Intents.UsageReport, "What was the p95 latency over the last 14 days?"),
        (Intents.UsageReport, "How many questions were asked this week?"),
        (Intents.UsageReport, "Show me the breakdown of questions by intent for this month"),
        (Intents.UsageReport, "How many questions got refused yesterday?"),
        (Intents.Smalltalk, "Hi, good morning!"),
        (Intents.Smalltalk, "Thank you so much"),
        (Intents.Smalltalk, "What are you able to do?"),
        (Intents.Smalltalk, "Hello, who am I talking to?"),
        (Intents.Smalltalk, "Bye, have a good one"),
        (Intents.OutOfScope, "Is it going to snow in Berlin tomorrow?"),
        (Intents.OutOfScope, "Who won the basketball championship last year?"),
        (Intents.OutOfScope, "Tell me a joke about programmers"),
        (Intents.OutOfScope, "What is the capital of Canada?"),
        (Intents.OutOfScope, "How do I make pizza dough?"),
        (Intents.OutOfScope, "Write a short poem about autumn"),
    ];

    private static readonly Lazy<(IntentModel Model, IReadOnlyList<IntentExample> Examples)> Trained = new(() =>
    {
        var examples = IntentExamplesFile.ReadAsync(
            Path.Combine(AppContext.BaseDirectory, "Routing", "intents.tsv"), CancellationToken.None).GetAwaiter().GetResult();
        return (IntentModel.Train(examples), examples);
    });

    [Fact]
    public void Held_out_phrasings_are_not_in_the_examples_file()
    {
        var known = Trained.Value.Examples.Select(e => e.Text).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var leaked = HeldOut.Where(h => known.Contains(h.Question)).Select(h => h.Question).ToList();
        Assert.True(leaked.Count == 0, "Held-out phrasings found in intents.tsv: " + string.Join(" | ", leaked));
    }

    [Fact]
    public void Classifies_at_least_85_percent_of_held_out_phrasings_correctly()
    {
        var model = Trained.Value.Model;
        var failures = HeldOut
            .Select(h => (h.Intent, h.Question, Prediction: model.Predict(h.Question)))
            .Where(r => r.Prediction.Intent != r.Intent)
            .Select(r => $"'{r.Question}': expected {r.Intent}, got {r.Prediction.Intent} ({r.Prediction.Confidence:F2})")
            .ToList();

        var accuracy = 1.0 - (double)failures.Count / HeldOut.Length;
        Assert.True(accuracy >= 0.85,
            $"Accuracy {accuracy:P0} on {HeldOut.Length} held-out phrasings; failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Confidence_is_a_probability()
    {
        var prediction = Trained.Value.Model.Predict("What is the travel policy for flights?");
        Assert.InRange(prediction.Confidence, 0.0, 1.0);
        Assert.Contains(prediction.Intent, Intents.All);
    }

    [Fact]
    public void Examples_file_rejects_unknown_labels_with_the_line_number()
    {
        string[] lines = ["# comment", "documents\tWhat is the leave policy?", "weather\tWill it rain?"];
        var error = Assert.Throws<FormatException>(() => IntentExamplesFile.Parse(lines, "test.tsv"));
        Assert.Contains("test.tsv:3", error.Message);
        Assert.Contains("weather", error.Message);
    }
}
