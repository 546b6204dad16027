using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Switchboard.ServiceDefaults.ServiceAuth;
using Switchboard.Tests.Support;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// One running instance of an AppHost project resource (one replica): its own address, a signed client for its API, and
/// <c>kill -9</c>. Restarting goes through the app (<see cref="SwitchboardApp.RestartAsync"/>), which starts the same
/// resource again with DCP's start command.
/// </summary>
public sealed class AppService(string name, string resourceId, Uri baseAddress, string serviceKey, Func<string, int?> processIdOf)
{
    /// <summary>The resource name (<c>gateway</c>, <c>retrieval</c>, ...), the name services call each other by.</summary>
    public string Name { get; } = name;

    /// <summary>DCP's name of this instance (<c>retrieval-abcd1234</c>); replicas share <see cref="Name"/>.</summary>
    public string ResourceId { get; } = resourceId;

    /// <summary>Where this instance itself listens (a replica's own port, not the proxy in front of the replicas).</summary>
    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>A client for this service's own API as another Switchboard service calls it: every request signed with the app's service key.</summary>
    public HttpClient CreateServiceClient(TimeSpan? timeout = null, ServiceCaller? caller = null) =>
        new(new ServiceTokenSigner(serviceKey, caller) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };

    /// <summary>
    /// SIGKILL to the instance and everything it started (DCP runs a project as <c>dotnet run</c>, whose child is the
    /// service), as a crash would; returns once nothing listens on its address any more.
    /// </summary>
    public async Task KillAsync()
    {
        var pid = processIdOf(ResourceId) ?? throw new InvalidOperationException($"{ResourceId} has no process id (not running?).");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await Eventually.MatchAsync(
            async () =>
            {
                using var client = new System.Net.Sockets.TcpClient();
                try
                {
                    await client.ConnectAsync(BaseAddress.Host, BaseAddress.Port);
                    return false;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    return true;
                }
            },
            refused => refused, $"{ResourceId} to stop listening on {BaseAddress}", 30);
    }

    public override string ToString() => $"{ResourceId} ({BaseAddress})";

    /// <summary>The process id DCP reports for an instance (<c>executable.pid</c>), while it runs.</summary>
    internal static int? ProcessIdOf(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value switch
        {
            int pid => pid,
            long pid => (int)pid,
            string text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var pid) => pid,
            _ => null,
        };
}
