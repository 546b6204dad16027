namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// Whether two Porter stems are forms of one word family that the stemmer leaves apart: derivations it does not undo
/// ("respond" / "respons", "permit" / "permiss"). Two stems are one family when they share at least
/// <see cref="MinShared"/> letters and all but the last two of the shorter one. Shorter words are left alone ("form" is
/// not "formal", "sign" not "signal"), and so is a party named by an agent ending ("contractor" is not "contract",
/// "employe" not "employ"). Used by answer verification for common words only: names, numbers and codes must match as
/// they are.
/// </summary>
internal static class WordFamily
{
    /// <summary>Letters two stems must share ("respon" in "respond" / "respons").</summary>
    public const int MinShared = 5;

    private static readonly HashSet<string> AgentEndings = new(StringComparer.Ordinal) { "er", "or", "e", "ee", "ist", "ian", "ant", "ent" };

    public static bool Same(string a, string b)
    {
        if (a.Length < MinShared || b.Length < MinShared || a.Any(char.IsDigit) || b.Any(char.IsDigit))
        {
            return false;
        }

        var shorter = Math.Min(a.Length, b.Length);
        var shared = 0;
        while (shared < shorter && a[shared] == b[shared])
        {
            shared++;
        }

        if (shared < MinShared || shared < shorter - 2)
        {
            return false;
        }

        // A longer word that adds an agent ending to the other names another party ("contract" / "contractor",
        // "employ" / "employe"): an entity swap, not a paraphrase.
        var longer = a.Length > b.Length ? a : b;
        return shared < shorter || !AgentEndings.Contains(longer[shared..]);
    }

    // Derivational endings the Porter stemmer keeps that turn a word into an adjective or a measure of it ("day" /
    // "daily", "mile" / "mileage", "year" / "yearly", "nation" / "national").
    private static readonly string[] DerivedEndings = ["li", "ag", "al"];

    /// <summary>Letters the shorter stem of a derivation must have ("dai" of "day").</summary>
    public const int MinDerivedBase = 3;

    /// <summary>
    /// Whether one stem is the other plus a derivational ending ("daili" / "dai", "mileag" / "mile"): a question's "daily
    /// limit" is the source's "per day". Not for digits: "q2" is not "q2al".
    /// </summary>
    public static bool Derived(string a, string b)
    {
        var (shorter, longer) = a.Length <= b.Length ? (a, b) : (b, a);
        return shorter.Length >= MinDerivedBase && !shorter.Any(char.IsDigit)
            && longer.StartsWith(shorter, StringComparison.Ordinal) && DerivedEndings.Contains(longer[shorter.Length..]);
    }
}
