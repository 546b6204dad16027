using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Switchboard.Tests.Support;

namespace Switchboard.AppHost.Tests;

/// <summary>
/// The AppHost started as <c>./run.sh</c> starts it (dashboard included; here its built dll, so SIGTERM reaches it), on free
/// ports and with its data in a temp folder, so it never meets <c>./run.sh</c> or another test run. Ready once the
/// AppHost prints its summary (the Gateway is healthy, so every agent is); the URLs are read from that summary.
/// Stopped with SIGTERM, and the fixture waits until DCP has stopped every resource.
/// </summary>
public sealed partial class DevStack : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("sb-apphost-").FullName;
    private Process? _process;
    private int _appHostPid;
    private bool _disposed;

    public Uri Dashboard { get; private set; } = null!;

    public Uri DashboardLogin { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    /// <summary>Everything the AppHost printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var dashboard = FreePort.Next();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppHostCommand.RepositoryRoot,
        };
        foreach (var arg in new[]
        {
            Path.Combine(AppHostCommand.RepositoryRoot, "AppHost", "bin", AppHostCommand.Configuration, "net10.0", "AppHost.dll"),
            "--Parameters:fixed-ports=false", $"--Parameters:data-dir={_dataDir}", "--Parameters:ingest-samples=true",
        })
        {
            psi.ArgumentList.Add(arg);
        }

        // What the launch profile sets, on free ports.
        psi.Environment["ASPNETCORE_URLS"] = $"http://localhost:{dashboard}";
        psi.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{FreePort.Next()}";
        psi.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort.Next()}";
        psi.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_ENVIRONMENT"] = "Development";
        psi.Environment["DOTNET_NOLOGO"] = "1";

        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"the AppHost exited during start-up:\n{Output}"));
        _process.Start();
        _appHostPid = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        try
        {
            await _ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await DisposeAsync();
            throw new TimeoutException($"the AppHost did not report the Gateway healthy within {StartTimeout.TotalMinutes} minutes:\n{Output}");
        }
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var appHost = _appHostPid;
        if (_process is { HasExited: false })
        {
            _ = kill(appHost, 15);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process?.Dispose();
        // DCP (dcp start-apiserver --monitor <AppHost pid>) stops the resources once the AppHost is gone; wait for it.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (appHost > 0 && DateTime.UtcNow < deadline && CommandLines().Any(c => c.Contains("dcp", StringComparison.Ordinal) && c.Contains($"--monitor\0{appHost}\0", StringComparison.Ordinal)))
        {
            await Task.Delay(500);
        }

        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (LoginLine().Match(line) is { Success: true } login)
        {
            DashboardLogin = new Uri(login.Groups[1].Value);
            Dashboard = new Uri(DashboardLogin.GetLeftPart(UriPartial.Authority));
        }
        else if (WebUiLine().Match(line) is { Success: true } web)
        {
            Gateway = new Uri(web.Groups[1].Value);
            _ready.TrySetResult();
        }
    }

    private static IEnumerable<string> CommandLines()
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            string? line = null;
            try
            {
                line = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            if (line is not null)
            {
                yield return line;
            }
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+)")]
    private static partial Regex LoginLine();

    [GeneratedRegex(@"^\s*Web UI\s+(http://\S+)")]
    private static partial Regex WebUiLine();

    [System.Runtime.InteropServices.DllImport("libc.so.6", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
