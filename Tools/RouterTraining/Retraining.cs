using Switchboard.RouterAgent.Routing;

namespace Switchboard.Tools.RouterTraining;

/// <summary>What one retraining did and measured (also written as the model's report, <c>intent-model-v&lt;N&gt;.json</c>).</summary>
public sealed record RetrainingReport(
    int Version,
    string ModelFile,
    DateTimeOffset TrainedAt,
    int BaseExamples,
    int Corrections,
    int CorrectionsOverridingBase,
    double HoldOutFraction,
    int Seed,
    int HeldOutBase,
    int HeldOutCorrections,
    Accuracy Before,
    Accuracy After);

/// <summary>Accuracy on the held-out split: all of it, its base examples and its corrections (null when it holds none).</summary>
public sealed record Accuracy(double All, double? Base, double? Corrections);

/// <summary>
/// Retrains the router's classifier from its base examples and the corrected intents of feedback, and measures the
/// difference on a held-out split, the same one for both models:
/// <list type="number">
/// <item>A correction replaces a base example of the same question (the person said what it is).</item>
/// <item>A seeded, per-intent split holds out <c>holdOut</c> of the base examples and of the corrections (at least one
/// of each group of two or more; an intent's last example always stays in training).</item>
/// <item>Before: trained on the base training part only, as the router is today. After: base + corrections training parts.
/// Both are scored on the same held-out examples.</item>
/// <item>The model written is trained on everything (base + all corrections), as the next version in the models
/// directory, with this report beside it.</item>
/// </list>
/// </summary>
public static class Retraining
{
    public static RetrainingReport Run(
        IReadOnlyList<IntentExample> baseExamples, IReadOnlyList<IntentExample> corrections, string modelsDirectory, double holdOut, int seed,
        TimeProvider time)
    {
        if (holdOut is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(holdOut), holdOut, "The held-out fraction must lie between 0 and 1.");
        }

        var corrected = corrections.Select(c => FeedbackIntents.Key(c.Text)).ToHashSet(StringComparer.Ordinal);
        var kept = baseExamples.Where(e => !corrected.Contains(FeedbackIntents.Key(e.Text))).ToList();
        var (baseTrain, baseTest) = Split(kept, holdOut, seed);
        var (correctionTrain, correctionTest) = Split(corrections, holdOut, seed + 1);

        var before = IntentModel.Train(baseTrain);
        var after = IntentModel.Train([.. baseTrain, .. correctionTrain]);
        Directory.CreateDirectory(modelsDirectory);
        var (path, version) = IntentModelFiles.Next(modelsDirectory);
        IntentModel.Train([.. kept, .. corrections]).Save(path);

        return new RetrainingReport(
            version,
            Path.GetFileName(path),
            time.GetUtcNow(),
            kept.Count,
            corrections.Count,
            baseExamples.Count - kept.Count,
            holdOut,
            seed,
            baseTest.Count,
            correctionTest.Count,
            Score(before, baseTest, correctionTest),
            Score(after, baseTest, correctionTest));
    }

    private static Accuracy Score(IntentModel model, IReadOnlyList<IntentExample> baseTest, IReadOnlyList<IntentExample> correctionTest)
    {
        double? Of(IReadOnlyList<IntentExample> examples) =>
            examples.Count == 0 ? null : Math.Round((double)examples.Count(e => model.Predict(e.Text).Intent == e.Label) / examples.Count, 4);
        return new Accuracy(Of([.. baseTest, .. correctionTest]) ?? 0, Of(baseTest), Of(correctionTest));
    }

    /// <summary>A seeded split per intent; an intent's only example stays in training.</summary>
    public static (List<IntentExample> Train, List<IntentExample> Test) Split(IReadOnlyList<IntentExample> examples, double holdOut, int seed)
    {
        var random = new Random(seed);
        var train = new List<IntentExample>();
        var test = new List<IntentExample>();
        foreach (var group in examples.GroupBy(e => e.Label, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var shuffled = group.OrderBy(e => e.Text, StringComparer.Ordinal).ToArray();
            random.Shuffle(shuffled);
            var held = shuffled.Length < 2 ? 0 : Math.Clamp((int)Math.Round(shuffled.Length * holdOut), 1, shuffled.Length - 1);
            test.AddRange(shuffled.Take(held));
            train.AddRange(shuffled.Skip(held));
        }

        return (train, test);
    }
}
