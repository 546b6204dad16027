using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Switchboard.Tests.Support;

/// <summary>
/// A real OTLP receiver: the standalone Aspire dashboard (the binary of the Aspire.Dashboard.Sdk.linux-x64 package,
/// restored into the NuGet cache by the test project) with OTLP/HTTP on a free port and anonymous access, whose
/// <c>/api/telemetry/traces</c> answers what it received as OTLP JSON.
/// </summary>
public sealed class AspireDashboardReceiver : IAsyncDisposable
{
    public const string PackageId = "aspire.dashboard.sdk.linux-x64";

    private readonly HttpToolProcess _process;

    private AspireDashboardReceiver(HttpToolProcess process, Uri otlpHttp)
    {
        _process = process;
        OtlpHttpEndpoint = otlpHttp;
    }

    /// <summary>Where OTLP/HTTP is received (<c>/v1/traces</c> below it).</summary>
    public Uri OtlpHttpEndpoint { get; }

    public HttpClient Http => _process.Http;

    /// <summary>The dashboard binary of <paramref name="version"/> in the NuGet cache, or null when it was not restored.</summary>
    public static string? Find(string version)
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var binary = Path.Combine(packages, PackageId, version, "tools", "Aspire.Dashboard");
        return File.Exists(binary) ? binary : null;
    }

    public static async Task<AspireDashboardReceiver> StartAsync(string version)
    {
        var binary = Find(version) ?? throw new InvalidOperationException(
            $"The Aspire dashboard binary ({PackageId} {version}) is not in the NuGet cache; restore the test project.");
        var (ui, grpc, http) = (FreePort.Next(), FreePort.Next(), FreePort.Next());
        var psi = new ProcessStartInfo(binary) { WorkingDirectory = Path.GetDirectoryName(binary)! };
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ui}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{grpc}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{http}";
        psi.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = await HttpToolProcess.StartAsync(
            "The Aspire dashboard", psi, new Uri($"http://127.0.0.1:{ui}/"), "/api/telemetry/resources", TimeSpan.FromSeconds(60));
        return new AspireDashboardReceiver(process, new Uri($"http://127.0.0.1:{http}/"));
    }

    public string Output => _process.Output;

    /// <summary>Every span received, flattened with its service name and attributes (string values as text).</summary>
    public async Task<IReadOnlyList<ReceivedSpan>> SpansAsync()
    {
        var body = await Http.GetFromJsonAsync<JsonElement>("/api/telemetry/traces");
        var spans = new List<ReceivedSpan>();
        foreach (var resource in body.GetProperty("data").GetProperty("resourceSpans").EnumerateArray())
        {
            var service = Attributes(resource.GetProperty("resource")).GetValueOrDefault("service.name") ?? "";
            foreach (var scope in resource.GetProperty("scopeSpans").EnumerateArray())
            {
                foreach (var span in scope.GetProperty("spans").EnumerateArray())
                {
                    spans.Add(new ReceivedSpan(
                        service,
                        span.GetProperty("traceId").GetString()!,
                        span.GetProperty("spanId").GetString()!,
                        span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() : null,
                        span.GetProperty("name").GetString()!,
                        Attributes(span)));
                }
            }
        }

        return spans;
    }

    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("attributes", out var list))
        {
            foreach (var attribute in list.EnumerateArray())
            {
                var value = attribute.GetProperty("value");
                attributes[attribute.GetProperty("key").GetString()!] = value.TryGetProperty("stringValue", out var text) ? text.GetString()! : value.ToString();
            }
        }

        return attributes;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

/// <summary>One span as the receiver holds it.</summary>
public sealed record ReceivedSpan(string Service, string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);
