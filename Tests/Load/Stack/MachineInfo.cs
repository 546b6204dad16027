using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Switchboard.Load.Stack;

/// <summary>Where a run happened: the machine from /proc, the code from git.</summary>
public sealed record MachineInfo(string CpuModel, int Cores, double MemoryGb, string Kernel, string Runtime)
{
    public static MachineInfo Read()
    {
        string Line(string file, string prefix) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) ?? "" : "";
        var model = Line("/proc/cpuinfo", "model name") is { Length: > 0 } m ? m[(m.IndexOf(':') + 1)..].Trim() : "unknown";
        var memory = Line("/proc/meminfo", "MemTotal:") is { Length: > 0 } t
            && long.TryParse(t["MemTotal:".Length..].Trim().Split(' ')[0], out var kb) ? Math.Round(kb / 1024.0 / 1024.0, 1) : 0;
        var kernel = File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : RuntimeInformation.OSDescription;
        return new MachineInfo(model, Environment.ProcessorCount, memory, kernel, RuntimeInformation.FrameworkDescription);
    }
}

/// <summary>The commit the run measured and whether the working tree had uncommitted changes to tracked files.</summary>
public sealed record GitInfo(string Commit, string Subject, bool Dirty)
{
    public static GitInfo Read(string root)
    {
        var commit = Git(root, "rev-parse", "--short=12", "HEAD") ?? "unknown";
        var subject = Git(root, "log", "-1", "--format=%s") ?? "";
        var status = Git(root, "status", "--porcelain", "--untracked-files=no");
        return new GitInfo(commit, subject, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Git(string root, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
