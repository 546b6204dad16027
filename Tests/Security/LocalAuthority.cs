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
/// handler uses: <c>/.well-known/openid-configuration</c> and its <c>jwks_uri</c>, and for the web UI's sign-in the
/// authorization code flow with PKCE (<c>/authorize</c> signs <see cref="SignInAs"/> in at once and redirects back with a
/// code; <c>/token</c> checks the client, the redirect URI and the S256 code verifier, and answers CORS like Keycloak does
/// for a registered web origin). Its RSA keys are made up per run;
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

    /// <summary>The web UI's public client id.</summary>
    public const string UiClientId = "switchboard-ui";

    /// <summary>Redirect URIs must start with this (the Gateway under test); null: no redirect is allowed.</summary>
    public string? RegisteredRedirectPrefix { get; set; }

    /// <summary>Who <c>/authorize</c> signs in (the fake has no login form): subject, display name, roles, groups.</summary>
    public (string Subject, string Name, string[] Roles, string[] Groups) SignInAs { get; set; } = ("ui-user", "UI User", ["reader"], []);

    /// <summary>What happened at <c>/authorize</c> and <c>/token</c>, in order, for the tests to check (never a token).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Log { get; } = new();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string RedirectUri, string Challenge, string Nonce)> _codes = new();

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
        // A browser on the Gateway's origin reads discovery and calls /token: allow that origin, as for a registered web origin.
        app.Use((context, next) =>
        {
            if (context.Request.Headers.Origin is [{ Length: > 0 } origin])
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.Vary = "Origin";
            }

            return next(context);
        });
        app.MapGet("/authorize", authority.Authorize);
        app.MapPost("/token", authority.TokenAsync);
        await app.StartAsync();
        authority._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Issuer = address.TrimEnd('/');
        return authority;
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        string? Q(string name) => query[name].FirstOrDefault();
        var redirectUri = Q("redirect_uri");
        if (Q("client_id") != UiClientId || redirectUri is null || RegisteredRedirectPrefix is null
            || !redirectUri.StartsWith(RegisteredRedirectPrefix, StringComparison.Ordinal))
        {
            Log.Enqueue("authorize refused: unknown client or redirect URI");
            return Results.BadRequest(new { error = "invalid_request", error_description = "unknown client or redirect_uri" });
        }

        var back = new Microsoft.AspNetCore.Http.Extensions.QueryBuilder { { "state", Q("state") ?? "" } };
        if (Q("response_type") != "code" || Q("code_challenge_method") != "S256" || string.IsNullOrEmpty(Q("code_challenge")))
        {
            Log.Enqueue($"authorize refused: response_type={Q("response_type")} code_challenge_method={Q("code_challenge_method")}");
            back.Add("error", "invalid_request");
            back.Add("error_description", "PKCE with S256 is required");
            return Results.Redirect(redirectUri + back);
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        _codes[code] = (redirectUri, Q("code_challenge")!, Q("nonce") ?? "");
        Log.Enqueue($"authorize: code issued for {SignInAs.Subject} (scope '{Q("scope")}', S256)");
        back.Add("code", code);
        return Results.Redirect(redirectUri + back);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        string? F(string name) => form[name].FirstOrDefault();
        if (F("grant_type") != "authorization_code" || F("client_id") != UiClientId || F("code") is not { } code
            || !_codes.TryRemove(code, out var issued))
        {
            Log.Enqueue("token refused: bad grant, client or code (codes are single-use)");
            return Results.BadRequest(new { error = "invalid_grant" });
        }

        var verifier = F("code_verifier") ?? "";
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (F("redirect_uri") != issued.RedirectUri || challenge != issued.Challenge)
        {
            Log.Enqueue("token refused: redirect_uri or PKCE code_verifier does not match");
            return Results.BadRequest(new { error = "invalid_grant", error_description = "PKCE verification failed" });
        }

        var (subject, name, roles, groups) = SignInAs;
        var access = Mint(subject, roles, groups, _keys[^1], Audience, TimeSpan.FromMinutes(10));
        var id = Mint(subject, [], [], _keys[^1], UiClientId, TimeSpan.FromMinutes(10), extra: new() { ["nonce"] = issued.Nonce, ["name"] = name });
        Log.Enqueue($"token: issued for {subject} (PKCE verified)");
        return Results.Json(new Dictionary<string, object> { ["access_token"] = access, ["id_token"] = id, ["token_type"] = "Bearer", ["expires_in"] = 600 });
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

    private string Mint(string subject, string[] roles, string[] groups, RsaSecurityKey key, string audience, TimeSpan lifetime, string? issuer = null,
        Dictionary<string, object>? extra = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + lifetime;
        var notBefore = expires < now ? expires - TimeSpan.FromMinutes(10) : now;
        var claims = new Dictionary<string, object>(extra ?? []) { ["roles"] = roles };
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
