namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// Words of opposite or converse meaning ("increase" / "decrease", "buy" / "sell", "current" / "former", "follow" /
/// "precede"). A reversed-relation or false-premise question keeps every other word of its passage and swaps one for its
/// opposite ("Why was the amount increased?" against "The amount is decreased"), so answer verification refuses a
/// sentence that holds the opposite of a question word and not the word itself. Matched on Porter stems, irregular
/// forms included.
/// </summary>
internal static class Opposites
{
    private static readonly string[][] Pairs =
    [
        ["increase", "decrease"], ["increase", "reduce"], ["raise", "lower"], ["raise", "reduce"], ["rise", "fall"], ["gain", "lose"], ["win", "lose"],
        ["buy", "sell"], ["lend", "borrow"], ["give", "receive"], ["send", "receive"], ["import", "export"], ["add", "remove"],
        ["include", "exclude"], ["accept", "reject"], ["allow", "prohibit"], ["allow", "forbid"], ["permit", "prohibit"],
        ["approve", "reject"], ["approve", "veto"], ["sign", "veto"], ["enact", "repeal"], ["open", "close"], ["start", "end"],
        ["start", "stop"], ["begin", "end"], ["enter", "leave"], ["hire", "fire"], ["join", "leave"], ["follow", "precede"],
        ["before", "after"], ["above", "below"], ["maximum", "minimum"], ["most", "least"], ["highest", "lowest"],
        ["largest", "smallest"], ["first", "last"], ["current", "former"], ["current", "previous"], ["new", "old"],
        ["public", "private"], ["internal", "external"], ["input", "output"], ["inbound", "outbound"], ["upper", "lower"],
        ["male", "female"], ["gross", "net"], ["profit", "loss"], ["credit", "debit"], ["income", "expense"],
        ["mandatory", "optional"], ["required", "optional"], ["minor", "major"], ["encrypt", "decrypt"], ["grant", "deny"],
        ["withdraw", "deposit"],
    ];

    private static readonly Dictionary<string, HashSet<string>> ByStem = Build();

    /// <summary>The stems opposite to <paramref name="stem"/> (empty when it has none listed).</summary>
    public static IReadOnlyCollection<string> Of(string stem) => ByStem.TryGetValue(stem, out var opposites) ? opposites : [];

    private static Dictionary<string, HashSet<string>> Build()
    {
        var byStem = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        void Add(string a, string b)
        {
            foreach (var form in IrregularForms.Of(a))
            {
                if (!byStem.TryGetValue(form, out var set))
                {
                    byStem[form] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(IrregularForms.Of(b));
            }
        }

        foreach (var pair in Pairs)
        {
            var (a, b) = (IndexTokens.Stem(pair[0]), IndexTokens.Stem(pair[1]));
            Add(a, b);
            Add(b, a);
        }

        return byStem;
    }
}
