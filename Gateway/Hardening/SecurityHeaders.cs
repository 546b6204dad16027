namespace Switchboard.Gateway.Hardening;

/// <summary>
/// Response headers that make the web UI and the API harder to abuse from a browser: a strict Content-Security-Policy
/// (scripts and styles only from the Gateway itself, no inline script, no framing), no MIME sniffing, no referrer, no
/// powerful browser features, and HSTS on HTTPS requests outside Development (behind the ingress, which terminates TLS
/// and forwards the scheme).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The UI (wwwroot) has no inline script or style and calls only its own origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy, with the sign-in authority's origin added to <c>connect-src</c> when the UI signs in (discovery and token calls).</summary>
    public static string ContentSecurityPolicyFor(string? authorityOrigin) =>
        authorityOrigin is null ? ContentSecurityPolicy : ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {authorityOrigin}", StringComparison.Ordinal);

    /// <summary>Before the static files, so the UI's own files carry the headers too.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        var policy = ContentSecurityPolicyFor(Access.UiSignIn.AuthorityOrigin(
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Access.AuthOptions>>().Value));
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Cross-Origin-Resource-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
