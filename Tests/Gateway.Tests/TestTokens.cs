using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// Bearer tokens signed in the test with a symmetric key made up for this run: no key is ever committed, and a token
/// from one run means nothing to another.
/// </summary>
public sealed class TestTokens
{
    public const string Issuer = "https://issuer.switchboard.test";
    public const string Audience = "switchboard-api";

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <summary>The configuration a Gateway needs to accept these tokens.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:Jwt:SigningKey"] = SigningKey,
        ["Auth:Jwt:Issuer"] = Issuer,
        ["Auth:Jwt:Audience"] = Audience,
    };

    /// <summary>The roles a token gets unless its claims name others: ask, search, upload and delete one's own documents.</summary>
    public static readonly string[] DefaultRoles = ["reader", "contributor"];

    /// <summary>
    /// A token for <paramref name="subject"/> carrying <paramref name="claims"/> (a string[] value becomes a JSON array);
    /// without a <c>roles</c> claim it gets <see cref="DefaultRoles"/>.
    /// </summary>
    public string Create(
        string subject,
        IDictionary<string, object>? claims = null,
        string? signingKey = null,
        string audience = Audience,
        TimeSpan? expiresIn = null)
    {
        claims = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        claims.TryAdd("roles", DefaultRoles);
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var notBefore = expires < now ? expires - TimeSpan.FromMinutes(10) : now;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey ?? SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    public string WithGroups(string subject, params string[] groups) =>
        Create(subject, new Dictionary<string, object> { ["groups"] = groups });
}
