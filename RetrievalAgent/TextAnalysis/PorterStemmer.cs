namespace Switchboard.RetrievalAgent.TextAnalysis;

/// <summary>
/// The Porter (1980) stemmer exactly as SQLite's FTS5 <c>porter</c> tokenizer applies it (fts5_tokenize.c), so a term
/// stemmed here is the term <c>chunks_fts</c> indexed: tokens shorter than 3 or longer than 64 characters are left as
/// they are, <c>y</c> is a vowel after a consonant, and each step applies the first suffix that matches (replacing it
/// only when its condition holds). Input is one lowercase token of the unicode61 tokenizer (letters and digits).
/// <c>Tests/RetrievalAgent.Tests/TextAnalysis/PorterStemmerTests</c> compares it with SQLite on every word of the samples.
/// </summary>
internal static class PorterStemmer
{
    private const int MaxToken = 64;

    private static readonly (string Suffix, string Replacement)[] Step2 =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
        ("ization", "ize"), ("ation", "ate"), ("ator", "ate"),
        ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
        ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3 =
    [
        ("ical", "ic"), ("ness", ""), ("icate", "ic"), ("iciti", "ic"), ("ful", ""), ("ative", ""), ("alize", "al"),
    ];

    private static readonly string[] Step4 =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
        "ous", "ive", "ize",
    ];

    public static string Stem(string token)
    {
        if (token.Length < 3 || token.Length > MaxToken)
        {
            return token;
        }

        var b = new System.Text.StringBuilder(token, token.Length + 2);

        // Step 1a: sses -> ss, ies -> i, ss -> ss, s -> "".
        if (b[^1] == 's')
        {
            if (b[^2] == 'e')
            {
                b.Length -= (b.Length > 4 && b[^4] == 's' && b[^3] == 's') || (b.Length > 3 && b[^3] == 'i') ? 2 : 1;
            }
            else if (b[^2] != 's')
            {
                b.Length -= 1;
            }
        }

        // Step 1b: (m>0) eed -> ee; (*v*) ed -> ""; (*v*) ing -> "", then tidy the stem.
        var stripped = false;
        if (b.Length >= 2 && b[^2] == 'e')
        {
            if (b.Length > 3 && EndsWith(b, "eed"))
            {
                if (MeasureGreaterThan(b, b.Length - 3, 0))
                {
                    b.Length -= 1;
                }
            }
            else if (b.Length > 2 && EndsWith(b, "ed") && HasVowel(b, b.Length - 2))
            {
                b.Length -= 2;
                stripped = true;
            }
        }
        else if (b.Length >= 2 && b[^2] == 'n' && b.Length > 3 && EndsWith(b, "ing") && HasVowel(b, b.Length - 3))
        {
            b.Length -= 3;
            stripped = true;
        }

        if (stripped && b.Length >= 2)
        {
            if (b.Length > 2 && (EndsWith(b, "at") || EndsWith(b, "bl") || EndsWith(b, "iz")))
            {
                b.Append('e');
            }
            else
            {
                var c = b[^1];
                if (!IsVowel(c, previousIsConsonant: false) && c is not ('l' or 's' or 'z') && c == b[^2])
                {
                    b.Length -= 1;
                }
                else if (MeasureEquals1(b, b.Length) && EndsCvc(b, b.Length))
                {
                    b.Append('e');
                }
            }
        }

        // Step 1c: (*v*) y -> i.
        if (b.Length > 0 && b[^1] == 'y' && HasVowel(b, b.Length - 1))
        {
            b[^1] = 'i';
        }

        // Steps 2 and 3: (m>0) suffix -> replacement.
        Replace(b, Step2);
        Replace(b, Step3);

        // Step 4: (m>1) suffix -> "" ("ion" only after s or t).
        foreach (var suffix in Step4)
        {
            if (b.Length > suffix.Length && EndsWith(b, suffix))
            {
                var stem = b.Length - suffix.Length;
                if (MeasureGreaterThan(b, stem, 1) && (suffix != "ion" || b[stem - 1] is 's' or 't'))
                {
                    b.Length = stem;
                }

                break;
            }
        }

        // Step 5a: (m>1) e -> ""; (m=1 and not *o) e -> "".
        if (b.Length > 0 && b[^1] == 'e')
        {
            var stem = b.Length - 1;
            if (MeasureGreaterThan(b, stem, 1) || (MeasureEquals1(b, stem) && !EndsCvc(b, stem)))
            {
                b.Length = stem;
            }
        }

        // Step 5b: (m>1 and *d and *L) -> single letter.
        if (b.Length > 1 && b[^1] == 'l' && b[^2] == 'l' && MeasureGreaterThan(b, b.Length - 1, 1))
        {
            b.Length -= 1;
        }

        return b.ToString();
    }

    private static void Replace(System.Text.StringBuilder b, (string Suffix, string Replacement)[] rules)
    {
        foreach (var (suffix, replacement) in rules)
        {
            if (b.Length > suffix.Length && EndsWith(b, suffix))
            {
                var stem = b.Length - suffix.Length;
                if (MeasureGreaterThan(b, stem, 0))
                {
                    b.Length = stem;
                    b.Append(replacement);
                }

                return;
            }
        }
    }

    private static bool EndsWith(System.Text.StringBuilder b, string suffix)
    {
        if (b.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (b[b.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsVowel(char c, bool previousIsConsonant) =>
        c is 'a' or 'e' or 'i' or 'o' or 'u' || (previousIsConsonant && c == 'y');

    /// <summary>The length of the first [C]VC… prefix of b[start..length], or 0 when there is none (SQLite's GobbleVC).</summary>
    private static int GobbleVc(System.Text.StringBuilder b, int start, int length, bool previousIsConsonant)
    {
        var consonant = previousIsConsonant;
        var i = start;
        for (; i < length; i++)
        {
            consonant = !IsVowel(b[i], consonant);
            if (!consonant)
            {
                break;
            }
        }

        for (i++; i < length; i++)
        {
            consonant = !IsVowel(b[i], consonant);
            if (consonant)
            {
                return i + 1 - start;
            }
        }

        return 0;
    }

    /// <summary>m &gt; <paramref name="measure"/> (0 or 1) for the stem b[0..length].</summary>
    private static bool MeasureGreaterThan(System.Text.StringBuilder b, int length, int measure)
    {
        var n = GobbleVc(b, 0, length, false);
        return measure == 0 ? n > 0 : n > 0 && GobbleVc(b, n, length, true) > 0;
    }

    private static bool MeasureEquals1(System.Text.StringBuilder b, int length)
    {
        var n = GobbleVc(b, 0, length, false);
        return n > 0 && GobbleVc(b, n, length, true) == 0;
    }

    /// <summary>*o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y.</summary>
    private static bool EndsCvc(System.Text.StringBuilder b, int length)
    {
        if (length == 0 || b[length - 1] is 'w' or 'x' or 'y')
        {
            return false;
        }

        var mask = 0;
        var consonant = false;
        for (var i = 0; i < length; i++)
        {
            consonant = !IsVowel(b[i], consonant);
            mask = (mask << 1) + (consonant ? 1 : 0);
        }

        return (mask & 0x7) == 0x5;
    }

    /// <summary>*v*: the stem b[0..length] contains a vowel (y counts after the first letter).</summary>
    private static bool HasVowel(System.Text.StringBuilder b, int length)
    {
        for (var i = 0; i < length; i++)
        {
            if (IsVowel(b[i], i > 0))
            {
                return true;
            }
        }

        return false;
    }
}
