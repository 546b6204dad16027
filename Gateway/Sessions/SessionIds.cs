using System.Text.RegularExpressions;

namespace Switchboard.Gateway.Sessions;

/// <summary>What a session id may look like, in a body (<c>sessionId</c>) and in a path (<c>/v1/sessions/{id}</c>) alike.</summary>
public static partial class SessionIds
{
    public const int MaxLength = 128;

    public static readonly string Rule = $"must be 1 to {MaxLength} characters of letters, digits, '-', '_', '.' or ':'.";

    public static bool IsValid(string? sessionId) => sessionId is not null && Pattern().IsMatch(sessionId);

    [GeneratedRegex(@"^[A-Za-z0-9\-_.:]{1,128}$")]
    private static partial Regex Pattern();
}
