using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace Switchboard.Gateway.Access;

public static class AccessExtensions
{
    /// <summary>The policy every <c>/v1</c> endpoint requires (see <see cref="MapCallerApi"/>).</summary>
    public const string CallerPolicy = "caller";

    /// <summary>
    /// The policy of administrative endpoints (starting workflow runs): with JWT, a caller in <see cref="AuthOptions.AdminGroup"/>;
    /// without JWT (the local quick start), every caller. The one place this rule lives.
    /// </summary>
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Caller identity: JWT bearer validation when <c>Auth:Jwt</c> is configured, otherwise anonymous callers.
    /// The options are validated at start, so a half-configured issuer never runs.
    /// </summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<CallerResolver>();

        // Whether a bearer scheme exists must be decided while registering; its values are bound from the same section.
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (auth.JwtConfigured)
        {
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
                .Configure<IOptions<AuthOptions>>((bearer, options) => JwtBearerSetup.Apply(bearer, options.Value.Jwt));
        }
        else
        {
            builder.Services.AddAuthentication();
        }

        builder.Services.AddAuthorization(options =>
        {
            options.AddPolicy(CallerPolicy, policy => Configure(policy, auth));
            options.AddPolicy(AdminPolicy, policy => ConfigureAdmin(policy, auth));
        });
        return builder;
    }

    /// <summary>Authentication and authorization after the static files, so the web UI's assets never need a token.</summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The route group of the public API: every endpoint in it requires <see cref="CallerPolicy"/>.</summary>
    public static RouteGroupBuilder MapCallerApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(string.Empty).RequireAuthorization(CallerPolicy);

    private static void ConfigureAdmin(AuthorizationPolicyBuilder policy, AuthOptions auth)
    {
        if (!auth.JwtConfigured)
        {
            policy.RequireAssertion(_ => true);
            return;
        }

        policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme);
        policy.RequireAuthenticatedUser();
        policy.RequireAssertion(context => Caller.From(context.User, auth.Jwt.GroupsClaim).Groups.Contains(auth.AdminGroup, StringComparer.Ordinal));
    }

    private static void Configure(AuthorizationPolicyBuilder policy, AuthOptions auth)
    {
        if (!auth.JwtConfigured)
        {
            // The local quick start: everyone is anonymous (no groups), which the agents treat as "unrestricted documents only".
            policy.RequireAssertion(_ => true);
            return;
        }

        policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme);
        if (auth.AnonymousAllowed)
        {
            // No token: anonymous. A token that fails validation is still a 401, never a silent downgrade.
            policy.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true
                || context.Resource is not HttpContext http
                || !http.Request.Headers.Authorization.Any(value => !string.IsNullOrEmpty(value)));
        }
        else
        {
            policy.RequireAuthenticatedUser();
        }
    }
}
