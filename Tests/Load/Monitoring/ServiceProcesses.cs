using System.Globalization;

namespace Switchboard.Load.Monitoring;

/// <summary>A service of the stack and the process found listening on its port.</summary>
public sealed record ServiceProcess(string Name, int Port, int Pid, string How);

/// <summary>
/// Finds the stack's processes by the ports they listen on: the LISTEN sockets of /proc/net/tcp and /proc/net/tcp6
/// give the socket inode for each port, and the process whose /proc/[pid]/fd holds <c>socket:[inode]</c> owns it.
/// Where that is not readable for a listening port, the command line (<c>Gateway.dll</c>, ...) is the fallback.
/// </summary>
public static class ServiceProcesses
{
    public static readonly IReadOnlyList<(string Name, int Port, string Dll)> Stack =
    [
        ("gateway", 5100, "Gateway.dll"),
        ("router", 5101, "RouterAgent.dll"),
        ("retrieval", 5102, "RetrievalAgent.dll"),
        ("compliance", 5103, "ComplianceAgent.dll"),
        ("reporting", 5104, "ReportingAgent.dll"),
        ("fxrates", 5105, "FxRates.dll"),
        ("risk", 5106, "RiskAgent.dll"),
        ("workflows", 5107, "Workflows.dll"),
        ("redis", 6380, "redis-server"),
    ];

    public static IReadOnlyList<ServiceProcess> Find()
    {
        var inodes = ListeningInodes();
        var wanted = Stack.Where(s => inodes.ContainsKey(s.Port)).ToDictionary(s => inodes[s.Port], s => s);
        var found = new Dictionary<string, ServiceProcess>(StringComparer.Ordinal);
        foreach (var pid in Pids())
        {
            if (wanted.Count == found.Count)
            {
                break;
            }

            string[] fds;
            try
            {
                fds = Directory.GetFiles($"/proc/{pid}/fd");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var fd in fds)
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }

                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && long.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                    && wanted.TryGetValue(inode, out var service) && !found.ContainsKey(service.Name))
                {
                    found[service.Name] = new ServiceProcess(service.Name, service.Port, pid, $"listens on :{service.Port}");
                }
            }
        }

        // Fallback only for a port that is listening but whose socket could not be traced to a process: other
        // processes with the same program (a test run's RetrievalAgent.dll, another redis-server) must not be sampled.
        foreach (var service in Stack.Where(s => !found.ContainsKey(s.Name) && inodes.ContainsKey(s.Port)))
        {
            foreach (var pid in Pids())
            {
                if (ProcStat.CommandLine(pid) is { } command && command.Contains(service.Dll, StringComparison.Ordinal) && pid != Environment.ProcessId)
                {
                    found[service.Name] = new ServiceProcess(service.Name, service.Port, pid, $"command line holds {service.Dll}");
                    break;
                }
            }
        }

        return Stack.Where(s => found.ContainsKey(s.Name)).Select(s => found[s.Name]).ToList();
    }

    /// <summary>Port → socket inode of every TCP socket in LISTEN state (st 0A).</summary>
    public static Dictionary<int, long> ListeningInodes()
    {
        var result = new Dictionary<int, long>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 10 || parts[3] != "0A")
                {
                    continue;
                }

                var local = parts[1];
                var port = int.Parse(local[(local.LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (long.TryParse(parts[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode) && inode != 0)
                {
                    result.TryAdd(port, inode);
                }
            }
        }

        return result;
    }

    private static IEnumerable<int> Pids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0);
}
