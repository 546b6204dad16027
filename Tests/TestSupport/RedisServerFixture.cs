using System.Diagnostics;
using StackExchange.Redis;
using Xunit;

namespace Switchboard.Tests.Support;

/// <summary>
/// Starts a real <c>redis-server</c> on a free loopback port, with its data in a temporary folder, for the
/// lifetime of a test class or collection. Fails with an install hint when the binary is missing.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-redis-").FullName;

    public int Port { get; private set; }
    public string ConnectionString => $"127.0.0.1:{Port}";
    public IConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var binary = FindRedisServer()
            ?? throw new InvalidOperationException("redis-server is not installed: apt-get install -y redis-server");
        Port = FreePort.Next();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dataDir,
        };
        foreach (var arg in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dataDir })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},abortConnect=true,connectTimeout=500,allowAdmin=true");
                await Connection.GetDatabase().PingAsync();
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Empties every key between tests that must not see each other's data.</summary>
    public async Task FlushAsync()
    {
        foreach (var server in Connection.GetServers())
        {
            await server.FlushAllDatabasesAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private static string? FindRedisServer() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
        ?? Environment.GetEnvironmentVariable("PATH")?.Split(':')
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
}
