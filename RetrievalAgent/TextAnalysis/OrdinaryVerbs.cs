namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// Everyday English verbs that say little of their own: a question asks "How much storage comes with ...", "What limit
/// does the add-on give?", "How many customers were won?", "Which encryption protects ...?" where the source says "Up to
/// 250 GB storage", "Raises the limit to ...", "New Customers: 70", "is encrypted with ...". Answer verification does not
/// require them in the quoted sentence; what the question is about (its names, numbers, nouns and the rarer verbs such
/// as "veto" or "slaughter") still must be there, and a sentence that states the verb's opposite (<see cref="Opposites"/>)
/// is still refused. Verbs that carry a claim of their own in policies, contracts and forms ("pay", "file", "charge",
/// "extend", "sign") are not in the list. Matched on Porter stems, irregular forms included (<see cref="IrregularForms"/>: "won", "told").
/// </summary>
internal static class OrdinaryVerbs
{
    private static readonly string[] Verbs =
    [
        "be", "have", "do", "get", "give", "take", "make", "come", "go", "put", "set", "let", "keep", "hold", "bring",
        "allow", "permit", "enable", "provide", "offer", "include", "contain", "cover", "involve", "require", "need",
        "use", "apply", "protect", "secure", "ensure", "handle", "treat", "manage", "cost", "spend",
        "win", "gain", "earn", "receive", "obtain", "acquire", "tell", "inform", "notify", "say", "state", "show", "list",
        "mention", "happen", "occur", "become", "remain", "stay", "find", "see", "know", "describe", "call", "name", "mean",
        "work", "serve", "support", "help", "grant", "reach", "want", "expect", "consider", "count", "deal", "cause",
        "affect", "concern", "relate", "refer", "belong", "exist", "appear", "seem", "look", "feel", "stand", "lie", "sit",
    ];

    private static readonly HashSet<string> Stems = Verbs
        .SelectMany(v => IrregularForms.Of(IndexTokens.Stem(v)))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether the Porter stem is (a form of) an everyday verb.</summary>
    public static bool Contains(string stem) => Stems.Contains(stem);
}
