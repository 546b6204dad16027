using System.Text.Json;
using Switchboard.Load.Cli;
using Switchboard.Load.Stats;

namespace Switchboard.Load.Workload;

/// <summary>One question of the rotation and its pre-serialised <c>POST /v1/ask</c> body.</summary>
public sealed record LoadQuestion(string Text, QuestionClass Class)
{
    public byte[] AskBody { get; } = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["question"] = Text });

    public byte[] SearchBody { get; } = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["query"] = Text, ["topK"] = 5 });
}

/// <summary>
/// The questions every scenario rotates through: the labelled evaluation questions, then the "broad" ones interleaved so
/// that about one request in ten is broad.
/// </summary>
public sealed class QuestionSet
{
    /// <summary>
    /// Questions whose words match thousands of CSV rows: every row of the dev data's exchange-rates CSV (17,237 rows)
    /// reads "Date: 2008-01-01; Country: ...; Exchange rate: ...", so "exchange", "rate", a year and "01" each match
    /// hundreds to all of its rows; the samples' CSVs add quarters and prices.
    /// </summary>
    public static readonly IReadOnlyList<string> Broad =
    [
        "What was the exchange rate in 2008?",
        "Which exchange rate was reported on 2001-01-01?",
        "List the exchange rates of 1999.",
        "What was the exchange rate for Canada in 2015-06-01?",
        "Show every exchange rate from 01 of 2020.",
        "What was the rate in 1985 and in 1990?",
    ];

    public QuestionSet(IReadOnlyList<LoadQuestion> questions) => Questions = questions;

    public IReadOnlyList<LoadQuestion> Questions { get; }

    public int EvalCount => Questions.Count(q => q.Class == QuestionClass.Eval);

    public int BroadCount => Questions.Count(q => q.Class == QuestionClass.Broad);

    public static QuestionSet Load(IReadOnlyList<string> files, bool broad)
    {
        var eval = new List<string>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"The question file '{file}' does not exist.");
            }

            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    using var json = JsonDocument.Parse(line);
                    if (json.RootElement.ValueKind == JsonValueKind.Object
                        && json.RootElement.TryGetProperty("question", out var question)
                        && question.ValueKind == JsonValueKind.String
                        && question.GetString() is { Length: > 0 } text)
                    {
                        eval.Add(text);
                        continue;
                    }
                }
                catch (JsonException)
                {
                }

                throw new UsageException($"Line {number} of '{file}' is not a JSON object with a \"question\" string.");
            }
        }

        if (eval.Count == 0)
        {
            throw new UsageException($"No questions in {string.Join(", ", files)}.");
        }

        return new QuestionSet(Interleave(eval, broad ? Broad : []));
    }

    /// <summary>The evaluation questions in file order with one broad question after every <c>eval/broad</c> of them.</summary>
    public static IReadOnlyList<LoadQuestion> Interleave(IReadOnlyList<string> eval, IReadOnlyList<string> broad)
    {
        var result = new List<LoadQuestion>(eval.Count + broad.Count);
        var every = broad.Count == 0 ? int.MaxValue : Math.Max(1, eval.Count / broad.Count);
        var next = 0;
        for (var i = 0; i < eval.Count; i++)
        {
            result.Add(new LoadQuestion(eval[i], QuestionClass.Eval));
            if ((i + 1) % every == 0 && next < broad.Count)
            {
                result.Add(new LoadQuestion(broad[next++], QuestionClass.Broad));
            }
        }

        while (next < broad.Count)
        {
            result.Add(new LoadQuestion(broad[next++], QuestionClass.Broad));
        }

        return result;
    }
}
