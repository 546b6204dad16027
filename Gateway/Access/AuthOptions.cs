using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Access;

/// <summary>
/// Who may call the Gateway's API, bound from the <c>Auth</c> section. With no <see cref="JwtOptions.SigningKey"/> and no
/// <see cref="JwtOptions.Authority"/> (the local quick start) every caller is anonymous and sees only documents without
/// allowed groups.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// Whether a caller without a bearer token may use the API (as anonymous). Defaults to <c>false</c> when JWT is
    /// configured; setting it to <c>false</c> without JWT is a configuration error, because nobody could be authenticated.
    /// </summary>
    public bool? AllowAnonymous { get; set; }

    /// <summary>
    /// Whether the Gateway may run open (no <c>Auth:Jwt</c>: every caller anonymous with every role) in the Production
    /// environment. Off: an open Production start stops with a message saying why. The quick start runs open in Development.
    /// </summary>
    public bool AllowOpenInProduction { get; set; }

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>The web UI's own sign-in (authorization code with PKCE against <see cref="JwtOptions.Authority"/>).</summary>
    public UiSignInOptions Ui { get; set; } = new();

    /// <summary>The open development mode: no JWT configured, so everyone may do everything (as anonymous, without groups).</summary>
    public bool IsOpen => !JwtConfigured;

    public bool JwtConfigured => Jwt.IsConfigured;

    /// <summary>The effective rule: anonymous callers are let in when JWT is off, or when explicitly allowed.</summary>
    public bool AnonymousAllowed => !JwtConfigured || AllowAnonymous == true;
}

/// <summary>
/// The web UI as an OpenID Connect public client, bound from <c>Auth:Ui</c>: with a <see cref="ClientId"/> and an
/// <c>Auth:Jwt:Authority</c>, every page offers "Sign in" (authorization code flow with PKCE, <c>wwwroot/auth.js</c>) and
/// sends the access token it gets with each API call. Register the client at the authority as public (no secret), with
/// the Gateway's pages as redirect URIs and its origin as a web origin (CORS for the token endpoint).
/// </summary>
public sealed class UiSignInOptions
{
    /// <summary>The UI's client id at the authority (Keycloak: a public client with PKCE S256; Entra ID: an SPA platform redirect).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The scopes asked for; the access token must carry the API's audience (<c>Auth:Jwt:Audience</c>). Keycloak: an audience
    /// mapper on the client; Entra ID: add the API's scope, e.g. <c>openid profile api://switchboard-api/access</c>.
    /// </summary>
    public string Scope { get; set; } = "openid profile";
}

/// <summary>Bearer token validation, bound from <c>Auth:Jwt</c>.</summary>
public sealed class JwtOptions
{
    /// <summary>
    /// Symmetric HMAC-SHA256 key (UTF-8 text, or <c>base64:</c> followed by base64 as <c>dotnet user-jwts</c> writes it; at
    /// least 32 bytes). A secret: environment or user-secrets only.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The key's bytes; null when absent or not valid base64 after <c>base64:</c>.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        if (!SigningKey.StartsWith("base64:", StringComparison.Ordinal))
        {
            return System.Text.Encoding.UTF8.GetBytes(SigningKey);
        }

        try
        {
            return Convert.FromBase64String(SigningKey["base64:".Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens (alternative to <see cref="SigningKey"/>).</summary>
    public string? Authority { get; set; }

    /// <summary>The expected <c>iss</c>; required with <see cref="SigningKey"/>, read from the metadata with <see cref="Authority"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>; required whenever JWT is configured.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that lists the caller's groups: a JSON array or repeated claims.</summary>
    [Required(AllowEmptyStrings = false)]
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>
    /// The claim that lists the caller's roles (<c>reader</c>, <c>contributor</c>, <c>approver</c>, <c>admin</c>): a JSON
    /// array or repeated claims. Entra ID app roles arrive in <c>roles</c>; Keycloak needs a "User Realm Role" mapper with
    /// this token claim name.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string RolesClaim { get; set; } = "roles";

    /// <summary>Only for a local test authority over plain HTTP; never turn off in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Shortest time between two fetches of the authority's keys when a token names a key not seen yet (a rotation); the
    /// keys are also refetched every 12 hours regardless. 5 minutes keeps a flood of forged key ids from hammering the authority.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tolerated clock difference between the token issuer and the Gateway.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(Authority);
}
