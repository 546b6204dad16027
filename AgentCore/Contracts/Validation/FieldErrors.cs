namespace Switchboard.AgentCore.Validation;

/// <summary>
/// The <c>errors</c> member of an RFC 9457 validation problem, collected with the checks every Switchboard API
/// shares, so a blank or oversized question is described the same way by every service.
/// </summary>
public sealed class FieldErrors : Dictionary<string, string[]>
{
    public bool IsValid => Count == 0;

    /// <summary>Required, non-blank text of at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors RequireText(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            this[field] = [$"The {field} is required and must not be blank."];
        }
        else if (value.Length > maxLength)
        {
            this[field] = [$"The {field} is {value.Length} characters long; the limit is {maxLength}."];
        }

        return this;
    }

    /// <summary>An optional list that, when given, holds at most <paramref name="maxCount"/> non-blank values of at most <paramref name="maxLength"/> characters.</summary>
    public FieldErrors RequireList(string field, IReadOnlyList<string>? values, int maxCount, int maxLength)
    {
        if (values is not null && (values.Count > maxCount || values.Any(v => string.IsNullOrWhiteSpace(v) || v.Length > maxLength)))
        {
            this[field] = [$"{field} must hold at most {maxCount} non-empty values of at most {maxLength} characters each."];
        }

        return this;
    }

    /// <summary>An optional number that, when given, lies within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public FieldErrors RequireRange(string field, int? value, int min, int max)
    {
        if (value is { } number && (number < min || number > max))
        {
            this[field] = [$"{field} must be between {min} and {max}; it is {number}."];
        }

        return this;
    }
}
