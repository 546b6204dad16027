using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Switchboard.Tests.Support;

/// <summary>
/// A quiet Kestrel on a free loopback port for the fakes that stand in for what cannot run here (a provider's API,
/// Qdrant, another agent): real HTTP on the wire, no port races, no log noise.
/// </summary>
public static class LoopbackServer
{
    /// <param name="map">Adds the server's endpoints or its single request handler.</param>
    /// <returns>The started app (dispose it to stop) and its base URL, e.g. <c>http://127.0.0.1:41234</c>.</returns>
    public static async Task<(WebApplication App, string Url)> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, app.Urls.Single());
    }
}
