using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;
using Switchboard.Tools.RouterTraining;
using Xunit.Abstractions;

namespace Switchboard.RouterAgent.Tests;

/// <summary>
/// Tools/RouterTraining: corrected intents read from a feedback export (the <c>?set=intents</c> lines and evaluation-case
/// lines alike) retrain the classifier, the accuracy before and after is measured on one held-out split, versioned model
/// files are written, and the RouterAgent routes with the newest one from <c>Router:ModelsPath</c>.
/// </summary>
public sealed class RouterRetrainingTests(WebApplicationFactory<Program> factory, ITestOutputHelper output)
    : IClassFixture<WebApplicationFactory<Program>>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("router-training-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Corrections_the_base_model_gets_wrong_are_learned_and_the_newest_model_is_served()
    {
        var baseExamples = await IntentExamplesFile.ReadAsync(Path.Combine(AppContext.BaseDirectory, "Routing", "intents.tsv"), CancellationToken.None);
        var baseModel = IntentModel.Train(baseExamples);

        // What feedback corrects: questions the router misroutes today. Spend questions in an internal jargon the
        // examples never saw ("burn", "the meter") are usage reports; keep those the base model routes elsewhere.
        string[] teams = ["platform", "payments", "search", "mobile", "data", "growth", "support", "billing", "identity", "ads"];
        string[] forms =
        [
            "What was the {0} squad's burn on the meter last sprint?",
            "Show the meter burn for {0} since Monday",
            "How hard did {0} hit the meter this week?",
        ];
        var wrong = teams.SelectMany(t => forms.Select(f => string.Format(System.Globalization.CultureInfo.InvariantCulture, f, t)))
            .Where(q => baseModel.Predict(q).Intent != Intents.UsageReport)
            .ToList();
        output.WriteLine($"{wrong.Count} of {teams.Length * forms.Length} jargon questions are misrouted by the base model");
        Assert.True(wrong.Count >= 10, $"only {wrong.Count} candidate questions are misrouted today; the test needs at least 10");

        // The export: half as ?set=intents lines, half as evaluation-case lines carrying correctedIntent; one line
        // without a correction; one question corrected twice (the later correction wins).
        var feedback = Path.Combine(_directory, "intents.jsonl");
        var lines = wrong.Select((q, i) => i % 2 == 0
            ? JsonSerializer.Serialize(new { question = q, intent = Intents.Documents, correctedIntent = Intents.UsageReport, answerId = $"a{i}", givenAt = DateTimeOffset.UtcNow })
            : JsonSerializer.Serialize(new { id = $"feedback-a{i}", question = q, kind = "out_of_scope", correctedIntent = Intents.UsageReport, givenAt = DateTimeOffset.UtcNow }))
            .Prepend(JsonSerializer.Serialize(new { question = wrong[0], correctedIntent = Intents.Smalltalk, givenAt = DateTimeOffset.UtcNow.AddDays(-1) }))
            .Append(JsonSerializer.Serialize(new { id = "feedback-x", question = "What is the leave policy?", kind = "in_scope", expected = new[] { "25 days" } }));
        await File.WriteAllLinesAsync(feedback, lines);
        var read = await FeedbackIntents.ReadAsync([feedback], CancellationToken.None);
        Assert.Equal(wrong.Count, read.Corrections.Count);
        Assert.Equal(1, read.LinesWithout);
        Assert.All(read.Corrections, c => Assert.Equal(Intents.UsageReport, c.Label));

        var models = Path.Combine(_directory, "models");
        var first = Retraining.Run(baseExamples, read.Corrections, models, holdOut: 0.25, seed: 1, TimeProvider.System);
        output.WriteLine($"v{first.Version}: before {first.Before}, after {first.After}, held out {first.HeldOutBase} base + {first.HeldOutCorrections} corrections");

        Assert.Equal(1, first.Version);
        Assert.True(File.Exists(Path.Combine(models, "intent-model-v1.zip")));
        Assert.True(first.HeldOutCorrections >= 2);
        Assert.True(first.After.Corrections > first.Before.Corrections,
            $"the held-out corrections were not learned: before {first.Before.Corrections}, after {first.After.Corrections}");
        Assert.True(first.After.Corrections >= 0.5, $"after retraining only {first.After.Corrections:P0} of the held-out corrections are right");
        Assert.True(first.After.Base >= first.Before.Base - 0.05, $"the base examples got worse: {first.Before.Base} → {first.After.Base}");

        // Versions only grow.
        var second = Retraining.Run(baseExamples, read.Corrections, models, holdOut: 0.25, seed: 1, TimeProvider.System);
        Assert.Equal(2, second.Version);
        Assert.Equal(first.After, second.After);

        // The RouterAgent loads the newest model (not the examples) and routes a corrected question with it.
        using var served = factory.WithWebHostBuilder(b => b.UseSetting("Router:ModelsPath", models));
        using var client = served.CreateClient();
        var classifier = served.Services.GetRequiredService<IntentClassifier>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!classifier.IsReady && classifier.Failure is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(2, classifier.ModelVersion);
        Assert.True(classifier.TryPredict(wrong[^1], out var prediction));
        Assert.Equal(Intents.UsageReport, prediction.Intent);
        using var response = await client.PostAsJsonAsync("/route", new RouteRequest(wrong[^1]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_correction_naming_no_intent_is_refused_with_its_line()
    {
        var feedback = Path.Combine(_directory, "bad.jsonl");
        await File.WriteAllLinesAsync(feedback, ["""{"question": "Hi", "correctedIntent": "weather"}"""]);

        var error = await Assert.ThrowsAsync<FormatException>(() => FeedbackIntents.ReadAsync([feedback], CancellationToken.None));

        Assert.Contains("bad.jsonl:1", error.Message, StringComparison.Ordinal);
        Assert.Contains("weather", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_models_directory_serves_its_highest_version_and_ignores_other_files()
    {
        foreach (var name in new[] { "intent-model-v2.zip", "intent-model-v10.zip", "intent-model-v9.zip", "intent-model-vx.zip", "notes.zip" })
        {
            File.WriteAllText(Path.Combine(_directory, name), "");
        }

        Assert.Equal((Path.Combine(_directory, "intent-model-v10.zip"), 10), IntentModelFiles.Newest(_directory));
        Assert.Equal(11, IntentModelFiles.Next(_directory).Version);
        Assert.Null(IntentModelFiles.Newest(Path.Combine(_directory, "missing")));
    }
}
