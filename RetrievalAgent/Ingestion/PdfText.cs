using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>
/// Cleans the text PdfPig extracts from one page so that words are found as users type them:
/// ligatures and other compatibility characters become plain letters (ﬁ → fi, full-width A → A, no-break spaces →
/// spaces, soft hyphens and zero-width characters removed), and words hyphenated at a line end are joined
/// ("infor-\nmation" → "information"). Real hyphens stay: a one-letter prefix ("e-\nmail" → "e-mail"), a compound
/// the page also writes unbroken with its hyphen ("well-known"), and a hyphen next to a capital or digit
/// ("COVID-\n19" → "COVID-19"). A dash with a space before it ("costs –\nsee") is punctuation: the line break stays.
/// </summary>
internal static partial class PdfText
{
    public static string Clean(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return string.Empty;
        }

        var text = raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        // A soft hyphen at a line end is a typesetter's hyphenation point: join without a trace.
        text = SoftHyphenAtLineEnd().Replace(text, string.Empty);
        text = NormaliseCharacters(text);
        text = JoinHyphenated(text);
        text = CapitalOrDigitHyphenAtLineEnd().Replace(text, "-");
        return TrailingSpaces().Replace(text, "\n").Trim();
    }

    /// <summary>
    /// NFKC "where safe", by table: only the compatibility characters that never change meaning are folded
    /// (ligatures, full-width forms, odd spaces and hyphens). Full NFKC would also turn "m²" into "m2" and "½" into
    /// "1⁄2". No NFC composition either: the services run with InvariantGlobalization, where
    /// <see cref="string.Normalize()"/> leaves text unchanged, so a decomposed "é" stays decomposed.
    /// </summary>
    internal static string NormaliseCharacters(string text)
    {
        StringBuilder? output = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var replacement = c switch
            {
                '\uFB00' => "ff",
                '\uFB01' => "fi",
                '\uFB02' => "fl",
                '\uFB03' => "ffi",
                '\uFB04' => "ffl",
                '\uFB05' or '\uFB06' => "st",
                '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => string.Empty,
                '\u00A0' or '\u2007' or '\u202F' or (>= '\u2000' and <= '\u200A') or '\u3000' => " ",
                '\u2010' or '\u2011' => "-",
                >= '\uFF01' and <= '\uFF5E' => ((char)(c - 0xFEE0)).ToString(),
                _ => null,
            };

            if (replacement is null)
            {
                output?.Append(c);
                continue;
            }

            output ??= new StringBuilder(text.Length).Append(text, 0, i);
            output.Append(replacement);
        }

        return output?.ToString() ?? text;
    }

    private static string JoinHyphenated(string text) =>
        HyphenAtLineEnd().Replace(text, match =>
        {
            var left = match.Groups["left"].Value;
            var right = match.Groups["right"].Value;
            var compound = $"{left}-{right}";
            var keepHyphen = left.Length == 1
                || CountOccurrences(text, compound) > 0 && CountOccurrences(text, left + right) == 0;
            return keepHyphen ? compound : left + right;
        });

    private static int CountOccurrences(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var end = at + word.Length;
            var after = end == text.Length || !char.IsLetter(text[end]);
            if (before && after)
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"\u00AD[ \t]*\n[ \t]*")]
    private static partial Regex SoftHyphenAtLineEnd();

    // A lower-case word fragment, a hyphen ending the line, and a lower-case continuation on the next line.
    [GeneratedRegex(@"(?<left>\b\p{L}*\p{Ll})-[ \t]*\n[ \t]*(?<right>\p{Ll}\p{L}*)")]
    private static partial Regex HyphenAtLineEnd();

    [GeneratedRegex(@"(?<=[\p{L}\p{N}])-[ \t]*\n[ \t]*(?=[\p{Lu}\p{N}])")]
    private static partial Regex CapitalOrDigitHyphenAtLineEnd();

    [GeneratedRegex(@"[ \t]+\n")]
    private static partial Regex TrailingSpaces();
}
