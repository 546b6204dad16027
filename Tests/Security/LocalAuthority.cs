using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Switchboard.Security.Tests;

/// <summary>
/// A tiny OpenID Connect authority on a free loopback port, speaking the real wire protocol the Gateway's JwtBearer
/// handler uses: <c>/.well-known/openid-configuration</c> and its <c>jwks_uri</c>. Its RSA keys are made up per run;
/// <see cref="RotateAsync"/> publishes a new one. It also mints the attacker's tokens (expired, other key, wrong
/// audience, <c>alg: none</c>, HMAC signed with the public key).
/// </summary>
public sealed class LocalAuthority : IAsyncDisposable
{
    public const string Audience = "switchboard-api";

    private readonly List<RsaSecurityKey> _keys = [NewKey("key-1")];
    private WebApplication _app = null!;

    public string Issuer { get; private set; } = "";

    /// <summary>The Gateway settings (environment variable names) that trust this authority.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["Auth__Jwt__Authority"] = Issuer,
        ["Auth__Jwt__Audience"] = Audience,
        ["Auth__Jwt__RequireHttpsMetadata"] = "false",
        ["Auth__Jwt__KeyRefreshInterval"] = "00:00:01",
        ["Auth__AllowOpenInProduction"] = null,
    };

    /// <summary>Every token minted in this run, to check that none reaches a log line.</summary>
    public List<string> Minted { get; } = [];

    public static async Task<LocalAuthority> StartAsync()
    {
        var authority = new LocalAuthority();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.Issuer,
            ["jwks_uri"] = authority.Issuer + "/jwks",
            ["authorization_endpoint"] = authority.Issuer + "/authorize",
            ["token_endpoint"] = authority.Issuer + "/token",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = authority.PublicKeys() }));
        await app.StartAsync();
        authority._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Issuer = address.TrimEnd('/');
        return authority;
    }

    /// <summary>A valid token: this issuer, this audience, the current key, 10 minutes.</summary>
    public string Token(string subject, string[]? roles = null, string[]? groups = null) =>
        Mint(subject, roles ?? ["reader", "contributor"], groups ?? [], _keys[^1], Audience, TimeSpan.FromMinutes(10));

    public string Expired(string subject) => Mint(subject, ["admin"], [], _keys[^1], Audience, TimeSpan.FromMinutes(-30));

    public string WrongAudience(string subject) => Mint(subject, ["admin"], [], _keys[^1], "another-api", TimeSpan.FromMinutes(10));

    /// <summary>Signed with a key the authority never published, under the published key's id.</summary>
    public string WronglySigned(string subject)
    {
        var forged = NewKey(_keys[^1].KeyId);
        return Mint(subject, ["admin"], [], forged, Audience, TimeSpan.FromMinutes(10));
    }

    /// <summary>A token from another issuer signed with a key this authority does publish.</summary>
    public string WrongIssuer(string subject) => Mint(subject, ["admin"], [], _keys[^1], Audience, TimeSpan.FromMinutes(10), issuer: "https://evil.example");

    /// <summary><c>{"alg":"none"}</c> and no signature: the classic downgrade.</summary>
    public string AlgNone(string subject) => Unsigned(new { alg = "none", typ = "JWT" }, subject);

    /// <summary>HS256 "signed" with the authority's public key as the HMAC secret: algorithm confusion.</summary>
    public string HmacWithPublicKey(string subject)
    {
        var header = Encode(new { alg = "HS256", typ = "JWT", kid = _keys[^1].KeyId });
        var payload = Encode(Payload(subject, ["admin"], TimeSpan.FromMinutes(10)));
        var publicKey = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(PublicKeys()[^1]));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(publicKey, Encoding.ASCII.GetBytes(header + "." + payload)));
        return Remember(header + "." + payload + "." + signature);
    }

    /// <summary>Publishes a new signing key (the old one stays published, as during a real rotation).</summary>
    public string Rotate()
    {
        _keys.Add(NewKey($"key-{_keys.Count + 1}"));
        return _keys[^1].KeyId;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private string Unsigned(object header, string subject) =>
        Remember(Encode(header) + "." + Encode(Payload(subject, ["admin"], TimeSpan.FromMinutes(10))) + ".");

    private Dictionary<string, object> Payload(string subject, string[] roles, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        return new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = subject,
            ["roles"] = roles,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
    }

    private string Mint(string subject, string[] roles, string[] groups, RsaSecurityKey key, string audience, TimeSpan lifetime, string? issuer = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        var notBefore = expires < now ? expires - TimeSpan.FromMinutes(10) : now;
        var claims = new Dictionary<string, object> { ["roles"] = roles };
        if (groups.Length > 0)
        {
            claims["groups"] = groups;
        }

        return Remember(new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", subject)]),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        }));
    }

    private string Remember(string token)
    {
        lock (Minted)
        {
            Minted.Add(token);
        }

        return token;
    }

    private List<Dictionary<string, string>> PublicKeys() =>
        _keys.Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = key.KeyId,
                ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                ["e"] = Base64Url.EncodeToString(parameters.Exponent),
            };
        }).ToList();

    private static RsaSecurityKey NewKey(string id) => new(RSA.Create(2048)) { KeyId = id };

    private static string Encode(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
