using System.Globalization;
using System.Text.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.RouterAgent.Routing;

namespace Switchboard.Tools.RouterTraining;

/// <summary>
/// The corrected intents of a feedback export: every JSONL line with a <c>question</c> and a <c>correctedIntent</c>
/// (the <c>?set=intents</c> lines, or evaluation-case lines that carry one); other lines are counted and skipped. The
/// same question corrected twice keeps the latest correction (by <c>givenAt</c>, else the later line).
/// </summary>
public static class FeedbackIntents
{
    public sealed record Read(IReadOnlyList<IntentExample> Corrections, int LinesWithout);

    public static async Task<Read> ReadAsync(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, (IntentExample Example, DateTimeOffset GivenAt, int Order)>(StringComparer.Ordinal);
        var without = 0;
        var order = 0;
        foreach (var path in paths)
        {
            var number = 0;
            foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                JsonElement json;
                try
                {
                    json = JsonDocument.Parse(line).RootElement;
                }
                catch (JsonException ex)
                {
                    throw new FormatException($"{path}:{number}: not a JSON object ({ex.Message}).", ex);
                }

                if (json.ValueKind != JsonValueKind.Object
                    || !json.TryGetProperty("correctedIntent", out var intent) || intent.ValueKind != JsonValueKind.String
                    || !json.TryGetProperty("question", out var question) || question.ValueKind != JsonValueKind.String
                    || string.IsNullOrWhiteSpace(question.GetString()))
                {
                    without++;
                    continue;
                }

                var label = intent.GetString()!.Trim();
                if (!Intents.All.Contains(label))
                {
                    throw new FormatException($"{path}:{number}: '{label}' is not an intent ({string.Join(", ", Intents.All)}).");
                }

                var text = Normalize(question.GetString()!);
                var givenAt = json.TryGetProperty("givenAt", out var at) && at.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : DateTimeOffset.MinValue;
                order++;
                if (!latest.TryGetValue(Key(text), out var seen) || (givenAt, order).CompareTo((seen.GivenAt, seen.Order)) >= 0)
                {
                    latest[Key(text)] = (new IntentExample { Label = label, Text = text }, givenAt, order);
                }
            }
        }

        return new Read(latest.Values.OrderBy(v => v.Order).Select(v => v.Example).ToList(), without);
    }

    /// <summary>Whitespace collapsed: the form the router classifies.</summary>
    public static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Questions that differ only in case and spacing are one question.</summary>
    public static string Key(string text) => Normalize(text).ToLowerInvariant();
}
