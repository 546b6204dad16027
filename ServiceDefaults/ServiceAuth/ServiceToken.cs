using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary>
/// A compact signed service token: <c>v1.&lt;payload&gt;.&lt;signature&gt;</c>, both parts base64url, the signature
/// HMAC-SHA256 over <c>v1.&lt;payload&gt;</c> with the shared <see cref="ServiceAuthOptions.Key"/>. The payload names the
/// calling service, the end user (subject, groups, roles) and the expiry. Sent in <see cref="HeaderName"/>.
/// </summary>
public static class ServiceToken
{
    public const string HeaderName = "Switchboard-Service-Token";
    private const string Version = "v1";

    /// <summary>A token longer than this is not ours (256 groups of 128 characters fit well inside).</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Create(byte[] key, string service, ServiceCaller caller, DateTimeOffset expires)
    {
        var payload = new Payload(service, caller.Subject, [.. caller.Groups], [.. caller.Roles], expires.ToUnixTimeSeconds());
        var body = Version + "." + Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        return body + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(body)));
    }

    /// <summary>Checks the signature (constant time) and the expiry; returns the failure in words, never the token.</summary>
    public static bool TryValidate(string? token, byte[] key, DateTimeOffset now, TimeSpan clockSkew,
        out ServiceCallerFeature? call, out string failure)
    {
        call = null;
        if (string.IsNullOrEmpty(token))
        {
            failure = $"no {HeaderName} header";
            return false;
        }

        var parts = token.Split('.');
        if (token.Length > MaxLength || parts.Length != 3 || parts[0] != Version)
        {
            failure = "malformed service token";
            return false;
        }

        byte[] signature, payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(parts[2]);
            payloadBytes = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            failure = "malformed service token";
            return false;
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            failure = "service token signature does not verify";
            return false;
        }

        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(payloadBytes, Json);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || string.IsNullOrEmpty(payload.Svc))
        {
            failure = "malformed service token";
            return false;
        }

        if (DateTimeOffset.FromUnixTimeSeconds(payload.Exp) + clockSkew < now)
        {
            failure = "service token expired";
            return false;
        }

        call = new ServiceCallerFeature(new ServiceCaller(payload.Sub, payload.Grp ?? [], payload.Rol ?? []), payload.Svc);
        failure = "";
        return true;
    }

    private sealed record Payload(string Svc, string? Sub, string[]? Grp, string[]? Rol, long Exp);
}
