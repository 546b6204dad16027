using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Switchboard.Evaluation.Tests;

/// <summary>
/// A minimal HS256 JWT (RFC 7519) made in the test, so the process-level access test needs no token library: header and
/// claims as base64url JSON, signed with a key generated for this run.
/// </summary>
public static class HsJwt
{
    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    public static string Create(string key, string issuer, string audience, string subject, IReadOnlyList<string> groups)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT" }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = subject,
            ["groups"] = groups,
            // The roles the Gateway's policies need to ask, search and upload (Gateway/Access/SwitchboardPolicies).
            ["roles"] = new[] { "reader", "contributor" },
            ["iat"] = now,
            ["nbf"] = now - 5,
            ["exp"] = now + 900,
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Encode(signature)}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
