using System.Diagnostics;

namespace Switchboard.AppHost.Topology;

/// <summary>
/// Whether a container engine answers. Aspire's own check only warns and then waits forever for a container that
/// never starts (reference/aspire-here.md), so the AppHost asks first and picks the process-based resource instead.
/// </summary>
public static class ContainerRuntime
{
    public static bool Answers()
    {
        // The engine Aspire itself would use.
        foreach (var engine in new[] { Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } named ? named : "docker" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(engine, "info --format {{.ServerVersion}}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null)
                {
                    continue;
                }

                if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    process.Kill(entireProcessTree: true);
                    continue;
                }

                if (process.ExitCode == 0)
                {
                    return true;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed.
            }
        }

        return false;
    }
}
