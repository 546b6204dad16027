using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Switchboard.Gateway.Access;
using Switchboard.ServiceDefaults.Telemetry;

namespace Switchboard.Gateway.Telemetry;

/// <summary>
/// Puts the question's user and session on the request's trace as baggage, so every span of the question, in every
/// service, carries them (Langfuse groups traces by them). Both are pseudonyms: a hash of the token's subject, and of
/// the subject with the client's session id, so neither an e-mail address nor a client-chosen id leaves the Gateway.
/// </summary>
public static class QuestionTelemetry
{
    public const string AnonymousUser = "anonymous";

    public static void Tag(Caller caller, string? sessionId)
    {
        if (Activity.Current is not { } activity)
        {
            return;
        }

        var user = caller.Subject is { Length: > 0 } subject ? Pseudonym("u_", subject) : AnonymousUser;
        activity.AddBaggage(LangfuseAttributes.UserId, user);
        if (!string.IsNullOrWhiteSpace(sessionId))
        {
            activity.AddBaggage(LangfuseAttributes.SessionId, Pseudonym("s_", user + "\n" + sessionId));
        }
    }

    private static string Pseudonym(string prefix, string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return prefix + Convert.ToHexStringLower(hash[..12]);
    }
}
