using System.Text.Json.Serialization;

namespace Switchboard.Gateway;

public static class GatewayOptionsExtensions
{
    /// <summary>Binds <see cref="GatewayOptions"/> (validated at start) and gives HTTP responses Switchboard's JSON shape.</summary>
    public static IHostApplicationBuilder AddGatewayOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.AnswerTtl > TimeSpan.Zero, "Gateway:AnswerTtl must be positive.")
            .ValidateOnStart();

        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        return builder;
    }
}
