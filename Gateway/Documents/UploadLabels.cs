using Microsoft.Extensions.Primitives;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// The optional <c>tags</c> and <c>allowedGroups</c> form fields of an upload. Each may be repeated and each value
/// may hold several labels separated by commas; blanks around labels are trimmed, empty entries and repeats dropped.
/// A label is 1–64 characters of letters, digits, '-', '_', '.', ':'.
/// </summary>
internal static class UploadLabels
{
    public const string TagsField = "tags";
    public const string AllowedGroupsField = "allowedGroups";
    public const int MaxLength = 64;

    /// <returns>The labels in first-seen order, or an error message naming the field and the offending label.</returns>
    public static (IReadOnlyList<string> Labels, string? Error) Parse(string field, StringValues values, int maxCount)
    {
        var labels = new List<string>();
        foreach (var value in values)
        {
            foreach (var raw in (value ?? string.Empty).Split(','))
            {
                var label = raw.Trim();
                if (label.Length == 0 || labels.Contains(label, StringComparer.Ordinal))
                {
                    continue;
                }

                if (label.Length > MaxLength)
                {
                    return ([], $"'{Shorten(label)}' in {field} is {label.Length} characters long; a label has at most {MaxLength}.");
                }

                if (!label.All(IsLabelCharacter))
                {
                    return ([], $"'{Shorten(label)}' in {field} may only use letters, digits, '-', '_', '.' and ':'.");
                }

                labels.Add(label);
            }
        }

        return labels.Count > maxCount
            ? ([], $"{field} has {labels.Count} labels; at most {maxCount} are allowed.")
            : (labels, null);
    }

    private static bool IsLabelCharacter(char c) => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ':';

    /// <summary>Echoes at most the first characters of a rejected label, without control characters.</summary>
    private static string Shorten(string label)
    {
        var shown = new string(label.Take(MaxLength).Where(c => !char.IsControl(c)).ToArray());
        return label.Length > MaxLength ? shown + "…" : shown;
    }
}
