using System.Net;
using System.Net.Sockets;

namespace Switchboard.Load.Generators;

/// <summary>The one HTTP client of the tool: many pooled connections, no proxy, no cookies, no decompression.</summary>
public static class GatewayHttp
{
    public static HttpClient Create(Uri gateway, int connections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, connections),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = gateway,
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <summary>True for an address on this machine: the tool sends load to loopback only.</summary>
    public static bool IsLoopback(Uri uri)
    {
        if (uri.IsLoopback)
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    public static bool IsConnectionFailure(Exception exception) =>
        exception is HttpRequestException { InnerException: SocketException } or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
}
