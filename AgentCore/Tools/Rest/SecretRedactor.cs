namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// Removes an API's secret from text before it reaches an exception message or a log: servers echo headers in error
/// bodies, and network stacks put request details in their messages. Defence in depth; the connector never writes
/// the secret anywhere on purpose.
/// </summary>
public static class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text, string? secret)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Mask, StringComparison.Ordinal);
    }

    /// <summary>An absolute URL without user info (<c>http://user:pass@host</c> → <c>http://host</c>).</summary>
    public static string WithoutUserInfo(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.AbsoluteUri : new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri;
}
