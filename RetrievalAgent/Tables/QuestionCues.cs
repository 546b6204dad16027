namespace Switchboard.RetrievalAgent.Tables;

/// <summary>
/// What a question asks a table to do, read from its wording once and independent of any table: an aggregate word
/// ("total", "average", "highest", "cheapest"), a top-N ("top 3", "five largest"), "how many"/"how much"/"number of".
/// The words that said so are <see cref="Consumed"/>: they are not column names or row keys.
/// </summary>
internal sealed class QuestionCues
{
    private static readonly Dictionary<string, TableOperation> Operations = new(StringComparer.Ordinal)
    {
        ["total"] = TableOperation.Sum, ["sum"] = TableOperation.Sum, ["combined"] = TableOperation.Sum, ["altogether"] = TableOperation.Sum,
        ["average"] = TableOperation.Average, ["mean"] = TableOperation.Average, ["avg"] = TableOperation.Average,
        ["highest"] = TableOperation.Max, ["maximum"] = TableOperation.Max, ["max"] = TableOperation.Max, ["largest"] = TableOperation.Max,
        ["biggest"] = TableOperation.Max, ["greatest"] = TableOperation.Max, ["most"] = TableOperation.Max, ["peak"] = TableOperation.Max,
        ["top"] = TableOperation.Max, ["costliest"] = TableOperation.Max, ["priciest"] = TableOperation.Max,
        ["lowest"] = TableOperation.Min, ["minimum"] = TableOperation.Min, ["min"] = TableOperation.Min, ["smallest"] = TableOperation.Min,
        ["least"] = TableOperation.Min, ["fewest"] = TableOperation.Min, ["cheapest"] = TableOperation.Min,
    };

    /// <summary>Words that name a price without naming the column ("cheapest", "most expensive").</summary>
    private static readonly HashSet<string> PriceWords = new(StringComparer.Ordinal) { "cheapest", "expensive", "costliest", "priciest", "cheap" };

    private static readonly string[] Numerals = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    public QuestionCues(IReadOnlyList<QuestionWord> words)
    {
        Consumed = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var lower = words[i].Lower;
            var next = i + 1 < words.Count ? words[i + 1].Lower : string.Empty;
            if (lower == "how" && next is "many" or "much")
            {
                (HowMany, HowMuch) = (next == "many", next == "much");
                Consumed[i] = Consumed[i + 1] = true;
            }
            else if ((lower == "number" && next == "of" && (i == 0 || words[i - 1].IsGrammar)) || (lower == "count" && i == 0))
            {
                HowMany = true;
                Consumed[i] = true;
            }
            else if (lower == "expensive" && i > 0 && words[i - 1].Lower == "least")
            {
                Operation = TableOperation.Min;
                Consumed[i] = Consumed[i - 1] = true;
            }
            else if (lower == "expensive")
            {
                Operation ??= TableOperation.Max;
                Consumed[i] = true;
            }
            else if (Operations.TryGetValue(lower, out var operation) && !(lower == "most" && next == "expensive"))
            {
                // "least expensive" is decided on "expensive"; "most expensive" too.
                if (!(lower == "least" && next == "expensive"))
                {
                    Operation ??= operation;
                }

                Consumed[i] = true;
            }

            if (PriceWords.Contains(lower))
            {
                ImpliesPrice = true;
            }

            if (Top == 0 && TopCount(words, i) is { } top)
            {
                Top = top.Count;
                Operation = top.Lowest ? TableOperation.TopLowest : TableOperation.TopHighest;
                Consumed[i] = true;
                Consumed[top.Other] = true;
            }
        }
    }

    public TableOperation? Operation { get; }

    public int Top { get; }

    public bool HowMany { get; }

    public bool HowMuch { get; }

    /// <summary>"cheapest", "most expensive": the target is a price column.</summary>
    public bool ImpliesPrice { get; }

    public bool[] Consumed { get; }

    public bool IsAggregate => Operation is not null;

    /// <summary>"top 3", "top three", "3 highest", "five cheapest": N and the other word of the pair.</summary>
    private static (int Count, bool Lowest, int Other)? TopCount(IReadOnlyList<QuestionWord> words, int i)
    {
        if (Number(words[i].Lower) is not { } n || n is < 1 or > 50)
        {
            return null;
        }

        if (i > 0 && words[i - 1].Lower == "top")
        {
            return (n, false, i - 1);
        }

        if (i + 1 < words.Count && Operations.TryGetValue(words[i + 1].Lower, out var operation) && operation is TableOperation.Max or TableOperation.Min)
        {
            return (n, operation == TableOperation.Min, i + 1);
        }

        return null;
    }

    private static int? Number(string lower)
    {
        var numeral = Array.IndexOf(Numerals, lower);
        return numeral >= 0 ? numeral : lower.Length <= 2 && int.TryParse(lower, out var n) ? n : null;
    }
}
