using System.Globalization;

namespace Switchboard.Load.Monitoring;

/// <summary>CPU time and resident memory of a process, read from /proc (Linux only).</summary>
public static class ProcStat
{
    /// <summary>Clock ticks per second of /proc/[pid]/stat's time fields (USER_HZ, 100 on every Linux the tool targets).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>utime+stime in seconds, or null when the process is gone.</summary>
    public static double? CpuSeconds(int pid) => Fields(pid) is { } f ? (Long(f, 14) + Long(f, 15)) / TicksPerSecond : null;

    /// <summary>This process's cutime+cstime: the CPU of children it has waited for (how wrk's cost is measured).</summary>
    public static double ChildrenCpuSeconds() => Fields(Environment.ProcessId) is { } f ? (Long(f, 16) + Long(f, 17)) / TicksPerSecond : 0;

    /// <summary>Busy CPU seconds of the whole machine (all cores) from /proc/stat: user+nice+system+irq+softirq+steal.</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => i < f.Length ? long.Parse(f[i], CultureInfo.InvariantCulture) : 0;
            return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : 0;

    /// <summary>VmRSS in MB, or null when the process is gone.</summary>
    public static double? RssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return kb / 1024.0;
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/[pid]/stat after the command name (field 3 onwards, 1-based numbering as in proc(5)).</summary>
    private static string[]? Fields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Long(string[] fieldsFrom3, int field) => long.Parse(fieldsFrom3[field - 3], CultureInfo.InvariantCulture);
}
