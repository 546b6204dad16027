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

    public JwtOptions Jwt { get; set; } = new();

    /// <summary>
    /// The group whose members may administer (start workflow runs) when JWT is configured. Without JWT (the local quick
    /// start) every caller is the local operator and may. See <see cref="AccessExtensions.AdminPolicy"/>.
    /// </summary>
    public string AdminGroup { get; set; } = "admins";

    public bool JwtConfigured => Jwt.IsConfigured;

    /// <summary>The effective rule: anonymous callers are let in when JWT is off, or when explicitly allowed.</summary>
    public bool AnonymousAllowed => !JwtConfigured || AllowAnonymous == true;
}

/// <summary>Bearer token validation, bound from <c>Auth:Jwt</c>.</summary>
public sealed class JwtOptions
{
    /// <summary>Symmetric HMAC-SHA256 key (UTF-8 text, at least 32 bytes). A secret: environment or user-secrets only.</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose published keys sign the tokens (alternative to <see cref="SigningKey"/>).</summary>
    public string? Authority { get; set; }

    /// <summary>The expected <c>iss</c>; required with <see cref="SigningKey"/>, read from the metadata with <see cref="Authority"/>.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>; required whenever JWT is configured.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim that lists the caller's groups: a JSON array or repeated claims.</summary>
    [Required(AllowEmptyStrings = false)]
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Only for a local test authority over plain HTTP; never turn off in production.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference between the token issuer and the Gateway.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SigningKey) || !string.IsNullOrWhiteSpace(Authority);
}
