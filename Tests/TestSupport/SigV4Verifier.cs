using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Switchboard.Tests.Support;

/// <summary>
/// Checks an S3 request's <c>Authorization: AWS4-HMAC-SHA256 …</c> header the way S3 does: the key id and the credential
/// scope (date, region, service), then the signature recomputed from the canonical request (method, the path as sent,
/// the query re-encoded and sorted, the signed headers, <c>x-amz-content-sha256</c>) with the secret key. Returns null
/// when the request is signed correctly, else the S3 error (status, code, message) a real server answers.
/// </summary>
public static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public sealed record Failure(HttpStatusCode Status, string Code, string Message);

    public static Failure? Verify(HttpRequest request, string accessKeyId, string secretAccessKey, string region, out string? keyId)
    {
        keyId = null;
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            return new(HttpStatusCode.Forbidden, "AccessDenied", "Access Denied: the request is not signed with AWS4-HMAC-SHA256.");
        }

        var parts = header[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return new(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", "The authorization header is malformed.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[3] != "s3" || scope[4] != "aws4_request")
        {
            return new(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", $"The credential '{credential}' is malformed.");
        }

        keyId = scope[0];
        if (keyId != accessKeyId)
        {
            return new(HttpStatusCode.Forbidden, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
        }

        if (scope[2] != region)
        {
            return new(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", $"the region '{scope[2]}' is wrong; expecting '{region}'");
        }

        var amzDate = request.Headers["x-amz-date"].ToString();
        var payloadHash = request.Headers["x-amz-content-sha256"].ToString();
        if (amzDate.Length != 16 || !amzDate.StartsWith(scope[1], StringComparison.Ordinal) || payloadHash.Length == 0)
        {
            return new(HttpStatusCode.BadRequest, "AuthorizationHeaderMalformed", "x-amz-date and x-amz-content-sha256 must be sent and match the credential's date.");
        }

        var names = signedHeaders.Split(';');
        if (!names.Contains("host") || !names.Contains("x-amz-date"))
        {
            return new(HttpStatusCode.Forbidden, "AccessDenied", "host and x-amz-date must be signed.");
        }

        var canonical = string.Join('\n',
            request.Method,
            RawPath(request),
            CanonicalQuery(request.QueryString.Value),
            string.Concat(names.Select(n => $"{n}:{HeaderValue(request, n)}\n")),
            signedHeaders,
            payloadHash);
        var stringToSign = string.Join('\n', Algorithm, amzDate, string.Join('/', scope[1..]), Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), scope[1]);
        key = Hmac(Hmac(Hmac(key, scope[2]), "s3"), "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? null
            : new(HttpStatusCode.Forbidden, "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    }

    /// <summary>The path exactly as the client sent it (S3 signs it without normalising).</summary>
    private static string RawPath(HttpRequest request)
    {
        var raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToUriComponent();
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }

    private static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?")
        {
            return "";
        }

        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Name: Encode(p[0]), Value: Encode(p.Length > 1 ? p[1] : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 encoding of a decoded component: everything but A-Z a-z 0-9 - _ . ~ as %XX.</summary>
    private static string Encode(string component) => Uri.EscapeDataString(Uri.UnescapeDataString(component.Replace('+', ' ')));

    private static string HeaderValue(HttpRequest request, string name)
    {
        var values = name == "host" ? [request.Host.Value ?? ""] : request.Headers[name].Select(v => v ?? "").ToArray();
        return string.Join(',', values.Select(v => string.Join(' ', v.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>S3's timestamp format in listings.</summary>
    public static string IsoTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
