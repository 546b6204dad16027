using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Switchboard.ServiceDefaults.ServiceAuth;

namespace Switchboard.Gateway.Access;

public static class AccessExtensions
{
    /// <summary>The policy of the public API's route group (see <see cref="MapCallerApi"/>): <see cref="SwitchboardPolicies.Reader"/>.</summary>
    public const string CallerPolicy = SwitchboardPolicies.Reader;

    /// <summary>
    /// Caller identity: JWT bearer validation when <c>Auth:Jwt</c> is configured, otherwise the open development mode
    /// (refused in Production unless <c>Auth:AllowOpenInProduction</c>). The role policies of
    /// <see cref="SwitchboardPolicies"/>, and a fallback policy for every endpoint that names none: with JWT an
    /// authenticated caller, so an endpoint added later is protected without being told. Validated at start.
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
            foreach (var (name, roles) in SwitchboardPolicies.Roles)
            {
                options.AddPolicy(name, policy => Configure(policy, auth, roles, anonymousReader: name == SwitchboardPolicies.Reader));
            }

            // Every endpoint that names no policy (and is not AllowAnonymous, like /health): a known caller, or anyone when open.
            options.FallbackPolicy = Build(policy => Configure(policy, auth, roles: null, anonymousReader: true));
        });
        return builder;
    }

    /// <summary>
    /// Authentication and authorization after the static files, so the web UI's assets never need a token; then the
    /// resolved caller is put on the request, so every agent call it makes carries it signed (ServiceDefaults' service token).
    /// </summary>
    public static WebApplication UseAccess(this WebApplication app)
    {
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.IsOpen)
        {
            app.Logger.LogWarning(
                "OPEN MODE: no Auth:Jwt:Authority is configured, so every caller is anonymous with every role (ask, upload, delete, admin). " +
                "For local development only; set Auth:Jwt:Authority and Auth:Jwt:Audience to require sign-in (Gateway/README.md#access).");
        }

        app.CheckServiceAuth("calls the agents unsigned, and agents that hold a key refuse those calls");
        app.UseAuthentication();
        app.UseAuthorization();
        var callers = app.Services.GetRequiredService<CallerResolver>();
        app.Use((context, next) =>
        {
            var caller = callers.Resolve(context);
            context.SetServiceCaller(new ServiceCaller(caller.Subject, caller.Groups, caller.Roles));
            return next(context);
        });
        return app;
    }

    /// <summary>The route group of the public API: every endpoint in it requires at least <see cref="SwitchboardPolicies.Reader"/>.</summary>
    public static RouteGroupBuilder MapCallerApi(this IEndpointRouteBuilder app) =>
        app.MapGroup(string.Empty).RequireAuthorization(CallerPolicy);

    private static AuthorizationPolicy Build(Action<AuthorizationPolicyBuilder> configure)
    {
        var builder = new AuthorizationPolicyBuilder();
        configure(builder);
        return builder.Build();
    }

    /// <param name="roles">Any of these roles admits the caller; null: any authenticated caller.</param>
    /// <param name="anonymousReader">Whether a caller without a token is admitted where <c>Auth:AllowAnonymous=true</c>.</param>
    private static void Configure(AuthorizationPolicyBuilder policy, AuthOptions auth, string[]? roles, bool anonymousReader)
    {
        if (auth.IsOpen)
        {
            // The local quick start: everyone is anonymous (no groups), which the agents treat as "unrestricted documents only".
            policy.RequireAssertion(_ => true);
            return;
        }

        policy.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme);
        if (anonymousReader && auth.AnonymousAllowed)
        {
            // No token: an anonymous reader. A token that fails validation is still a 401, never a silent downgrade.
            policy.RequireAssertion(context =>
                context.User.Identity?.IsAuthenticated == true
                    ? roles is null || roles.Any(context.User.IsInRole)
                    : context.Resource is not HttpContext http
                      || !http.Request.Headers.Authorization.Any(value => !string.IsNullOrEmpty(value)));
            return;
        }

        policy.RequireAuthenticatedUser();
        if (roles is not null)
        {
            policy.RequireRole(roles);
        }
    }
}
