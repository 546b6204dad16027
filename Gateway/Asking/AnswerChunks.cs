using System.Text.RegularExpressions;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// Cuts an answer that was produced in one piece into the pieces a stream sends, each a few words long, ending after
/// whitespace so no word is split, and never splitting a citation marker such as <c>[1, 2]</c>. The pieces joined are
/// the text, character for character.
/// </summary>
public static partial class AnswerChunks
{
    /// <summary>About how many characters each piece holds (a piece ends at the first word boundary past it).</summary>
    public const int TargetLength = 24;

    public static IEnumerable<string> Split(string text)
    {
        var start = 0;
        foreach (Match word in Word().Matches(text))
        {
            var end = word.Index + word.Length;
            if (end - start >= TargetLength)
            {
                yield return text[start..end];
                start = end;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    // A word with the whitespace after it; a citation marker (spaces inside included) counts as part of its word.
    [GeneratedRegex(@"(?:\[\d+(?:\s*,\s*\d+)*\]|[^\s\[]|\[)+\s*|\s+")]
    private static partial Regex Word();
}
