using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Access;

/// <summary>
/// <c>GET /auth/config</c>: what the web UI needs to sign in — the authority, the UI's client id and scopes — or
/// <c>{"enabled":false}</c> (the open quick start, or no UI client configured). Public like the UI's static files: it
/// holds no secret (a public client has none), and a page must read it before anyone has signed in. Not part of the
/// API description: it is the UI's bootstrap, not an API operation.
/// </summary>
public static class UiSignIn
{
    public const string ConfigPath = "/auth/config";

    public sealed record UiSignInConfig(bool Enabled, string? Authority = null, string? ClientId = null, string? Scope = null);

    public static IEndpointRouteBuilder MapUiSignIn(this IEndpointRouteBuilder app)
    {
        app.MapGet(ConfigPath, (IOptions<AuthOptions> options) => TypedResults.Ok(ConfigOf(options.Value)))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    public static UiSignInConfig ConfigOf(AuthOptions auth) =>
        AuthorityOrigin(auth) is null
            ? new UiSignInConfig(false)
            : new UiSignInConfig(true, auth.Jwt.Authority!.TrimEnd('/'), auth.Ui.ClientId, auth.Ui.Scope);

    /// <summary>The authority's origin when the UI signs in (the CSP's <c>connect-src</c> must allow it); otherwise null.</summary>
    public static string? AuthorityOrigin(AuthOptions auth) =>
        !string.IsNullOrWhiteSpace(auth.Ui.ClientId) && Uri.TryCreate(auth.Jwt.Authority, UriKind.Absolute, out var authority)
            ? authority.GetLeftPart(UriPartial.Authority)
            : null;
}
