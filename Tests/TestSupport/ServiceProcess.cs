using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Switchboard.Tests.Support;

/// <summary>
/// One service started as a real process: <c>dotnet &lt;dll&gt; --urls http://127.0.0.1:0</c> with the working
/// directory set to the dll's folder (the content root, so appsettings.json is found). The bound address is read
/// from Kestrel's "Now listening on:" line, then <c>/health</c> is polled until it answers 200. Stopping sends
/// SIGTERM (a graceful shutdown) and kills the process only when it does not exit in time. The last output lines
/// are kept for diagnostics and go into every exception message.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private const int Sigterm = 15;
    private static readonly HashSet<ServiceProcess> Running = [];

    private readonly Process _process;
    private readonly object _gate = new();
    private readonly Queue<string> _recent = new();
    private readonly int _maxLines;
    private readonly StreamWriter? _log;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopped;

    static ServiceProcess()
    {
        // "libc" alone may resolve to the libc.so linker script (libc6-dev); prefer the real shared object.
        NativeLibrary.SetDllImportResolver(typeof(ServiceProcess).Assembly, (library, assembly, searchPath) =>
            library == "libc" && NativeLibrary.TryLoad("libc.so.6", out var handle) ? handle : IntPtr.Zero);

        // Last resort when the test host ends without disposing its fixtures: do not leave services behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            ServiceProcess[] left;
            lock (Running)
            {
                left = [.. Running];
            }

            foreach (var service in left)
            {
                try
                {
                    service._process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                }
            }
        };
    }

    private ServiceProcess(string name, Process process, int maxLines, StreamWriter? log)
    {
        Name = name;
        _process = process;
        _maxLines = maxLines;
        _log = log;
    }

    public string Name { get; }

    /// <summary>The environment variable of the service-to-service key (ServiceDefaults' <c>ServiceAuth:Key</c>).</summary>
    public const string ServiceKeyVariable = "ServiceAuth__Key";

    /// <summary>The service key every process of this test run gets unless a test sets its own: made up per run, never committed.</summary>
    public static string ServiceKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The service key this process was started with (null: none, the agent runs open).</summary>
    public string? StartedServiceKey { get; private init; }

    /// <summary>
    /// A client for this service's own API, as another Switchboard service calls it: every request signed with the key
    /// the process was started with (an agent refuses unsigned calls), on behalf of <paramref name="caller"/> (default:
    /// no end user). Disposed by the caller.
    /// </summary>
    public HttpClient CreateServiceClient(TimeSpan? timeout = null, Switchboard.ServiceDefaults.ServiceAuth.ServiceCaller? caller = null) =>
        new(new ServiceTokenSigner(StartedServiceKey, caller) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = BaseAddress,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };

    /// <summary>The address Kestrel reported, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last output lines (stdout and stderr, interleaved as they arrived).</summary>
    public string RecentOutput
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _recent);
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="dllPath"/> and returns once its <c>/health</c> answers 200.
    /// </summary>
    /// <param name="name">A short name for messages (e.g. "gateway").</param>
    /// <param name="dllPath">The service's built dll.</param>
    /// <param name="environment">Variables to set (a null value removes an inherited variable).</param>
    /// <param name="healthTimeout">How long to wait for the listening line and a healthy <c>/health</c>.</param>
    /// <param name="logFile">Optional file that receives every output line.</param>
    /// <param name="maxLines">How many output lines to keep in memory.</param>
    /// <param name="urls">Where it listens: a free loopback port by default; a restarted replica passes its old address.</param>
    public static async Task<ServiceProcess> StartAsync(
        string name,
        string dllPath,
        IReadOnlyDictionary<string, string?> environment,
        TimeSpan healthTimeout,
        string? logFile = null,
        int maxLines = 200,
        CancellationToken cancellationToken = default,
        string urls = "http://127.0.0.1:0")
    {
        if (!File.Exists(dllPath))
        {
            throw new FileNotFoundException(
                $"{name}: {dllPath} does not exist. Build the solution (or the test project, which builds the services) first.", dllPath);
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dllPath))!,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add(Path.GetFullPath(dllPath));
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(urls);

        // Nothing from the test host's own environment may redirect the service: the test decides every address.
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (key.StartsWith("services__", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                || key is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS" or "DOTNET_URLS")
            {
                psi.Environment.Remove(key);
            }
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        // Test stacks run in Production: every service gets this run's service key (the agents refuse unsigned calls) and
        // the Gateway may run open. A test that wants otherwise passes its own values (null removes one).
        psi.Environment[ServiceKeyVariable] = ServiceKey;
        psi.Environment["Auth__AllowOpenInProduction"] = "true";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        StreamWriter? log = null;
        if (logFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
            log = new StreamWriter(logFile, append: false, Encoding.UTF8) { AutoFlush = true };
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, maxLines, log)
        {
            StartedServiceKey = psi.Environment.TryGetValue(ServiceKeyVariable, out var serviceKey) ? serviceKey : null,
        };
        process.OutputDataReceived += (_, e) => service.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => service.OnLine(e.Data);
        process.Exited += (_, _) => service._listening.TrySetException(
            new InvalidOperationException($"{name} exited (code {SafeExitCode(process)}) before it listened."));

        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start dotnet {dllPath}");
        }

        lock (Running)
        {
            Running.Add(service);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await service.WaitUntilHealthyAsync(healthTimeout, cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);

        try
        {
            BaseAddress = await _listening.Task.WaitAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure($"did not report \"Now listening on:\" within {timeout.TotalSeconds:F0} s");
        }
        catch (InvalidOperationException ex)
        {
            throw Failure(ex.Message);
        }

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var last = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw Failure($"exited (code {SafeExitCode(_process)}) while waiting for /health");
            }

            try
            {
                using var response = await http.GetAsync("/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = ex.Message;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw Failure($"/health at {BaseAddress} was not healthy within {timeout.TotalSeconds:F0} s (last: {last})");
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>SIGTERM, then SIGKILL (the whole tree) if the process has not exited within <paramref name="timeout"/>.</summary>
    /// <returns>The exit code, or null when the process had to be killed.</returns>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return _process.HasExited ? SafeExitCode(_process) : null;
            }

            _stopped = true;
        }

        try
        {
            if (_process.HasExited)
            {
                return SafeExitCode(_process);
            }

            if (kill(_process.Id, Sigterm) == 0)
            {
                using var cts = new CancellationTokenSource(timeout);
                try
                {
                    await _process.WaitForExitAsync(cts.Token);
                    return SafeExitCode(_process);
                }
                catch (OperationCanceledException)
                {
                }
            }

            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return null;
        }
        finally
        {
            lock (Running)
            {
                Running.Remove(this);
            }
        }
    }

    /// <summary>
    /// SIGKILL (<c>kill -9</c>), as a crash or the OOM killer would end the service: no shutdown code runs, nothing is
    /// flushed or released. Returns once the process is gone.
    /// </summary>
    public async Task KillAsync()
    {
        lock (_gate)
        {
            _stopped = true;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        finally
        {
            lock (Running)
            {
                Running.Remove(this);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        lock (_gate)
        {
            _log?.Dispose();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _recent.Enqueue(line);
            while (_recent.Count > _maxLines)
            {
                _recent.Dequeue();
            }

            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }

        var match = ListeningLine().Match(line);
        if (match.Success && Uri.TryCreate(match.Groups[1].Value.TrimEnd('/'), UriKind.Absolute, out var uri))
        {
            _listening.TrySetResult(uri);
        }
    }

    private InvalidOperationException Failure(string what)
    {
        if (_process.HasExited)
        {
            // Let the output readers drain, so the message holds the process's last words.
            try
            {
                _process.WaitForExitAsync().Wait(TimeSpan.FromSeconds(2));
            }
            catch (AggregateException)
            {
            }
        }

        return new($"{Name} {what}. Last output:\n{RecentOutput}");
    }

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.HasExited ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"Now listening on: (https?://[^\s""]+)")]
    private static partial Regex ListeningLine();

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
