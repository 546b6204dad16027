using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Switchboard.ServiceDefaults.Telemetry;

public static class LangfuseExtensions
{
    /// <summary>The name of the Langfuse exporter's options (beside the unnamed, OTEL_EXPORTER_OTLP_* one).</summary>
    public const string ExporterName = "langfuse";

    /// <summary>
    /// When <c>Langfuse:BaseUrl</c> is set: a second OTLP trace exporter, HTTP/protobuf to
    /// <c>&lt;BaseUrl&gt;/api/public/otel/v1/traces</c> with Basic auth from the project keys, and the span processor that
    /// adds Langfuse's attributes. Protocol, endpoint and headers are all set here, so nothing is inherited from the
    /// OTEL_EXPORTER_OTLP_* settings of the default exporter. An incomplete configuration stops the service at start.
    /// </summary>
    public static TracerProviderBuilder AddLangfuseExporter(this TracerProviderBuilder tracing, IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(LangfuseOptions.SectionName).Get<LangfuseOptions>() ?? new LangfuseOptions();
        if (!options.Enabled)
        {
            return tracing;
        }

        if (options.Validate().ToList() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("Invalid Langfuse settings: " + string.Join(" ", errors));
        }

        var release = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Version?.ToString();
        tracing.AddProcessor(new LangfuseSpanProcessor(
            builder.Environment.ApplicationName, options.Environment ?? builder.Environment.EnvironmentName.ToLowerInvariant(), release));
        return tracing.AddOtlpExporter(ExporterName, exporter =>
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = options.TracesEndpoint;
            exporter.Headers = options.Headers;
        });
    }
}
