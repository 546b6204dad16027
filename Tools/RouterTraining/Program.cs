// Retrains the RouterAgent's intent classifier from its base examples and the corrected intents of a feedback export,
// reports the accuracy before and after on a held-out split, and writes the next versioned model file; the RouterAgent
// loads the newest one from Router:ModelsPath. See README.md.
//
//   curl -s 'http://localhost:5100/v1/reports/feedback/export?set=intents' > intents.jsonl
//   dotnet Tools/RouterTraining/bin/Release/net10.0/RouterTraining.dll --feedback intents.jsonl --models data/router-models \
//       [--examples RouterAgent/Routing/intents.tsv] [--holdout 0.2] [--seed 1]
using System.Globalization;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.RouterAgent.Routing;

namespace Switchboard.Tools.RouterTraining;

/// <summary>The command line (its own class, not top-level statements: the RouterAgent's public <c>Program</c> is referenced).</summary>
internal static class RouterTrainingCommand
{
    private const string Usage = "usage: RouterTraining --feedback <export.jsonl> [--feedback …] --models <directory> [--examples <intents.tsv>] [--holdout 0.2] [--seed 1]";

    public static async Task<int> Main(string[] args)
    {
        var feedback = new List<string>();
        string? models = null;
        var examples = Path.Combine(AppContext.BaseDirectory, "Routing", "intents.tsv");
        var holdOut = 0.2;
        var seed = 1;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--feedback" when value is not null: feedback.Add(value); i++; break;
                case "--models" when value is not null: models = value; i++; break;
                case "--examples" when value is not null: examples = value; i++; break;
                case "--holdout" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out holdOut) && holdOut is > 0 and < 1: i++; break;
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed): i++; break;
                default:
                    Console.Error.WriteLine($"unexpected or incomplete argument '{args[i]}'\n{Usage}");
                    return 2;
            }
        }

        if (feedback.Count == 0 || models is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var baseExamples = await IntentExamplesFile.ReadAsync(examples, CancellationToken.None);
            var read = await FeedbackIntents.ReadAsync(feedback, CancellationToken.None);
            if (read.Corrections.Count == 0)
            {
                Console.Error.WriteLine($"No corrected intents in {string.Join(", ", feedback)} ({read.LinesWithout} lines without one): nothing to retrain.");
                return 1;
            }

            var report = Retraining.Run(baseExamples, read.Corrections, models, holdOut, seed, TimeProvider.System);
            var reportPath = IntentModelFiles.ReportPath(Path.Combine(models, report.ModelFile));
            await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(report, new JsonSerializerOptions(SwitchboardJson.Options) { WriteIndented = true }));

            Console.WriteLine($"base examples {report.BaseExamples} ({report.CorrectionsOverridingBase} replaced by corrections), corrections {report.Corrections} ({read.LinesWithout} feedback lines without one)");
            Console.WriteLine($"held out (seed {seed}, {holdOut:P0}): {report.HeldOutBase} base + {report.HeldOutCorrections} corrections");
            Console.WriteLine($"accuracy before: {Format(report.Before)}");
            Console.WriteLine($"accuracy after:  {Format(report.After)}");
            Console.WriteLine($"model version {report.Version}: {Path.Combine(models, report.ModelFile)} (report {reportPath})");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static string Format(Accuracy accuracy) =>
        $"{accuracy.All:P1} all" +
        (accuracy.Base is { } b ? $", {b:P1} base" : "") +
        (accuracy.Corrections is { } c ? $", {c:P1} corrections" : "");
}
