using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.AppHost.Redis;

/// <summary>
/// Healthy when the server accepts the password (<c>AUTH</c>) and answers <c>PING</c> with <c>+PONG</c>. A started
/// process is not yet a server that accepts commands (it may still be loading its append-only file), and the services
/// wait for this. The reply is never echoed with the password in it.
/// </summary>
internal sealed class RedisPingHealthCheck(Func<(string Host, int Port)> address, Func<CancellationToken, ValueTask<string?>> password) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (host, port) = address();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var secret = await password(timeout.Token) ?? "";
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            var stream = client.GetStream();
            // RESP arrays: the password is sent as a bulk string, whatever characters it holds.
            var secretBytes = Encoding.UTF8.GetByteCount(secret);
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"*2\r\n$4\r\nAUTH\r\n${secretBytes}\r\n{secret}\r\n*1\r\n$4\r\nPING\r\n"), timeout.Token);
            var replies = new StringBuilder();
            var buffer = new byte[256];
            while (!replies.ToString().Contains("+PONG", StringComparison.Ordinal) && !replies.ToString().StartsWith('-'))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                replies.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var reply = replies.ToString();
            return reply.StartsWith("+OK", StringComparison.Ordinal) && reply.Contains("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"redis refused AUTH or PING: '{reply.Split('\r')[0]}'");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy($"redis at {host}:{port} does not answer PING: {ex.Message}");
        }
    }
}
