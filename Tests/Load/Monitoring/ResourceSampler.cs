namespace Switchboard.Load.Monitoring;

/// <summary>One reading of one process: CPU (% of one core since the previous reading) and resident memory.</summary>
public sealed record ResourceSample(double TimeS, double CpuPercent, double RssMb);

/// <summary>CPU and RSS of one service over a run.</summary>
public sealed record ServiceResources(string Name, int Pid, string FoundBy, double MeanCpuPercent, double MaxCpuPercent, double CpuSeconds,
    double RssStartMb, double RssEndMb, double RssMaxMb, IReadOnlyList<ResourceSample> Samples);

/// <summary>
/// Reads /proc/[pid]/stat (utime+stime) and /proc/[pid]/status (VmRSS) of every stack process and of the tool itself
/// every <c>interval</c>, on its own task, until stopped. CPU % is per core: 200 % is both cores of this machine.
/// </summary>
public sealed class ResourceSampler : IAsyncDisposable
{
    public const string GeneratorName = "load-tool";
    public const string MachineName = "machine (all processes)";
    public const string OthersName = "other processes";
    private const int MachinePid = -1;
    private const int OthersPid = -2;
    private readonly IReadOnlyList<ServiceProcess> _processes;
    private readonly Dictionary<string, List<ResourceSample>> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _startCpu = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _lastCpu = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Task _loop;
    private double _lastTime;

    public ResourceSampler(IReadOnlyList<ServiceProcess> processes, TimeSpan interval)
    {
        _processes = [.. processes, new ServiceProcess(GeneratorName, 0, Environment.ProcessId, "this process"),
            new ServiceProcess(MachineName, 0, MachinePid, "/proc/stat"), new ServiceProcess(OthersName, 0, OthersPid, "machine minus the rows above")];
        foreach (var process in _processes)
        {
            _samples[process.Name] = [];
            _startCpu[process.Name] = _lastCpu[process.Name] = Read(process.Pid)?.Cpu ?? 0;
        }

        _loop = Task.Run(() => LoopAsync(interval));
    }

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    private async Task LoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        var now = _clock.Elapsed.TotalSeconds;
        var elapsed = now - _lastTime;
        lock (_samples)
        {
            foreach (var process in _processes)
            {
                if (Read(process.Pid) is not { } reading)
                {
                    continue;
                }

                var (cpu, rss) = reading;

                var percent = elapsed > 0 ? (cpu - _lastCpu[process.Name]) / elapsed * 100 : 0;
                _lastCpu[process.Name] = cpu;
                _samples[process.Name].Add(new ResourceSample(Math.Round(now, 2), Math.Round(percent, 1), Math.Round(rss, 1)));
            }
        }

        _lastTime = now;
    }

    /// <summary>CPU seconds and RSS of a process; for the two pseudo-rows, the whole machine and what the listed processes do not explain.</summary>
    private (double Cpu, double Rss)? Read(int pid)
    {
        switch (pid)
        {
            case MachinePid:
                return (ProcStat.MachineBusySeconds(), 0);
            case OthersPid:
                var listed = _processes.Where(p => p.Pid > 0).Sum(p => ProcStat.CpuSeconds(p.Pid) ?? _lastCpu.GetValueOrDefault(p.Name));
                return (ProcStat.MachineBusySeconds() - listed, 0);
            default:
                return ProcStat.CpuSeconds(pid) is { } cpu && ProcStat.RssMb(pid) is { } rss ? (cpu, rss) : null;
        }
    }

    /// <summary>Stops sampling (one last reading first) and summarises each process.</summary>
    public async Task<IReadOnlyList<ServiceResources>> StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
            Sample();
        }

        lock (_samples)
        {
            return _processes.Select(p =>
            {
                var samples = _samples[p.Name];
                var cpuSeconds = _lastCpu[p.Name] - _startCpu[p.Name];
                var seconds = Math.Max(_lastTime, 1e-9);
                return new ServiceResources(p.Name, p.Pid, p.How,
                    Math.Round(cpuSeconds / seconds * 100, 1),
                    samples.Count == 0 ? 0 : samples.Max(s => s.CpuPercent),
                    Math.Round(cpuSeconds, 2),
                    samples.Count == 0 ? 0 : samples[0].RssMb,
                    samples.Count == 0 ? 0 : samples[^1].RssMb,
                    samples.Count == 0 ? 0 : samples.Max(s => s.RssMb),
                    samples.ToList());
            }).ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        _stop.Dispose();
    }
}
