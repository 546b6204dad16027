using System.Net;
using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Switchboard.AppHost.Topology;

/// <summary>
/// Before anything starts: every fixed port the AppHost will listen on (each resource's fixed endpoint port and the
/// dashboard's own URLs) must be free. Otherwise DCP or Kestrel fail later with a stack trace or a resource that never
/// starts; here the user gets one sentence naming the port and its owner.
/// </summary>
internal static class PortCheck
{
    private static readonly string[] DashboardUrlKeys =
        ["ASPNETCORE_URLS", "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"];

    public static void EnsureFixedPortsFree(IDistributedApplicationBuilder builder)
    {
        var wanted = new List<(int Port, string Owner)>();
        foreach (var key in DashboardUrlKeys)
        {
            foreach (var url in (builder.Configuration[key] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0)
                {
                    wanted.Add((uri.Port, $"the dashboard ({key})"));
                }
            }
        }

        foreach (var resource in builder.Resources)
        {
            foreach (var endpoint in resource.Annotations.OfType<EndpointAnnotation>())
            {
                if (endpoint.Port is { } port)
                {
                    wanted.Add((port, resource.Name));
                }
            }
        }

        foreach (var (port, owner) in wanted)
        {
            if (InUse(port))
            {
                throw new AppHostSettingsException(
                    $"Port {port}, which {owner} needs, is already in use: stop what listens there (see: ss -ltnp 'sport = :{port}'), or start with --Parameters:{AppHostSettings.FixedPortsParameter}=false to use free ports.");
            }
        }
    }

    private static bool InUse(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
