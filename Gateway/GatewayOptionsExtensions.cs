using Microsoft.Extensions.Options;
using Switchboard.ServiceDefaults.Overload;

namespace Switchboard.Gateway;

public static class GatewayOptionsExtensions
{
    /// <summary>
    /// Binds <see cref="GatewayOptions"/> (validated at start), makes <c>Gateway:Deadline</c> the request deadline.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.AnswerTtl > TimeSpan.Zero, "Gateway:AnswerTtl must be positive.")
            .Validate(o => o.Deadline >= TimeSpan.FromMilliseconds(100) && o.Deadline <= TimeSpan.FromMinutes(10),
                "Gateway:Deadline must be between 100 ms and 10 minutes.")
            .ValidateOnStart();

        // The Gateway is where a request's deadline is set: every request that arrives without a shorter one gets it.
        builder.Services.AddOptions<OverloadOptions>()
            .Configure<IOptions<GatewayOptions>>((overload, gateway) => overload.Deadline = gateway.Value.Deadline);
        return builder;
    }
}
