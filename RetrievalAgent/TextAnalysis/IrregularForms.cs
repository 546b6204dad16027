namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// English irregular verb forms, which the Porter stemmer does not join ("bought" is not stemmed to "buy"): answer
/// verification accepts any form of a question's verb in the quoted sentence ("What did they buy?" / "they bought").
/// Applied only where a question term is looked for, never to the index, whose tokens must stay FTS5's.
/// </summary>
internal static class IrregularForms
{
    private static readonly string[][] Verbs =
    [
        ["buy", "bought"], ["sell", "sold"], ["pay", "paid"], ["make", "made"], ["take", "took", "taken"], ["give", "gave", "given"],
        ["hold", "held"], ["lead", "led"], ["win", "won"], ["spend", "spent"], ["send", "sent"], ["build", "built"],
        ["find", "found"], ["keep", "kept"], ["leave", "left"], ["lose", "lost"], ["meet", "met"], ["bring", "brought"],
        ["begin", "began", "begun"], ["write", "wrote", "written"], ["choose", "chose", "chosen"], ["rise", "rose", "risen"],
        ["fall", "fell", "fallen"], ["grow", "grew", "grown"], ["know", "knew", "known"], ["see", "saw", "seen"],
        ["go", "went", "gone"], ["come", "came"], ["run", "ran"], ["become", "became"], ["teach", "taught"],
        ["think", "thought"], ["seek", "sought"], ["fight", "fought"], ["catch", "caught"], ["tell", "told"],
        ["sit", "sat"], ["stand", "stood"], ["understand", "understood"], ["speak", "spoke", "spoken"], ["drive", "drove", "driven"],
        ["fly", "flew", "flown"], ["eat", "ate", "eaten"], ["draw", "drew", "drawn"], ["break", "broke", "broken"],
        ["steal", "stole", "stolen"], ["wear", "wore", "worn"], ["feel", "felt"], ["lend", "lent"], ["deal", "dealt"],
        ["mean", "meant"], ["shut", "shut"], ["set", "set"], ["cut", "cut"], ["put", "put"], ["hit", "hit"], ["cost", "cost"],
    ];

    private static readonly Dictionary<string, string[]> FormsByStem = Build();

    /// <summary>The stem and the stems of the other forms of the same verb (just the stem when it is not an irregular verb).</summary>
    public static IReadOnlyList<string> Of(string stem) => FormsByStem.TryGetValue(stem, out var forms) ? forms : [stem];

    private static Dictionary<string, string[]> Build()
    {
        var byStem = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var verb in Verbs)
        {
            var stems = verb.Select(IndexTokens.Stem).Distinct(StringComparer.Ordinal).ToArray();
            foreach (var stem in stems)
            {
                byStem[stem] = stems;
            }
        }

        return byStem;
    }
}
