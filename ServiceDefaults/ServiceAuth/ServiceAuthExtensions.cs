using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Switchboard.ServiceDefaults.ServiceAuth;

namespace Microsoft.Extensions.Hosting;

/// <summary>Service-to-service trust: signed service tokens on our own calls, verified on every agent.</summary>
public static class ServiceAuthExtensions
{
    /// <summary>Binds <see cref="ServiceAuthOptions"/> and signs every HttpClient's calls to our own services. Called by <c>AddServiceDefaults</c>.</summary>
    public static TBuilder AddServiceAuth<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<ServiceAuthOptions>()
            .BindConfiguration(ServiceAuthOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || Encoding.UTF8.GetByteCount(o.Key!) >= ServiceAuthOptions.MinKeyBytes,
                $"ServiceAuth:Key must be at least {ServiceAuthOptions.MinKeyBytes} bytes (256 bits) for HMAC-SHA256.")
            .Validate(o => o.TokenLifetime >= TimeSpan.FromSeconds(5) && o.TokenLifetime <= TimeSpan.FromHours(1),
                "ServiceAuth:TokenLifetime must be between 5 seconds and 1 hour.")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromMinutes(5),
                "ServiceAuth:ClockSkew must be between 0 and 5 minutes.")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddTransient<ServiceTokenHandler>();
        return builder;
    }

    /// <summary>
    /// Requires a valid service token on every endpoint but <c>/health</c>, <c>/alive</c>, <c>/metrics</c>. Without
    /// <c>ServiceAuth:Key</c> the service runs open with a warning in the log, and refuses to start in Production unless
    /// <c>ServiceAuth:AllowOpenInProduction=true</c>. Call it on every agent, before its endpoints.
    /// </summary>
    public static WebApplication UseServiceAuthentication(this WebApplication app)
    {
        app.CheckServiceAuth("accepts calls from anyone who can reach its port");
        app.UseMiddleware<ServiceTokenMiddleware>();
        return app;
    }

    /// <summary>
    /// Without <c>ServiceAuth:Key</c>: a loud warning, or in Production (unless <c>ServiceAuth:AllowOpenInProduction</c>)
    /// an <see cref="OptionsValidationException"/> that stops the service at start and says why. The Gateway calls it too:
    /// without the key its agent calls go unsigned.
    /// </summary>
    public static WebApplication CheckServiceAuth(this WebApplication app, string consequence)
    {
        var options = app.Services.GetRequiredService<IOptions<ServiceAuthOptions>>().Value;
        if (options.Enabled)
        {
            return app;
        }

        if (app.Environment.IsProduction() && !options.AllowOpenInProduction)
        {
            throw new OptionsValidationException(ServiceAuthOptions.SectionName, typeof(ServiceAuthOptions),
            [
                $"{app.Environment.ApplicationName} will not start in Production without ServiceAuth:Key: it {consequence}. " +
                "Set ServiceAuth:Key (the same secret on the Gateway and every agent, from a Kubernetes Secret or an Aspire parameter), " +
                "or ServiceAuth:AllowOpenInProduction=true for a closed test rig.",
            ]);
        }

        app.Logger.LogWarning("OPEN MODE: ServiceAuth:Key is not set, so {Service} {Consequence}. Local development only.",
            app.Environment.ApplicationName, consequence);
        return app;
    }
}
