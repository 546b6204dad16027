using System.Diagnostics;
using Switchboard.Tests.Support;

namespace Switchboard.Monitoring.Tests;

/// <summary>Runs Debian's <c>promtool</c> (package <c>prometheus</c>, installed by .ci/run).</summary>
internal static class Promtool
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var binary = PrometheusServer.Find("promtool")
            ?? throw new InvalidOperationException("promtool is not installed: apt-get install -y prometheus (.ci/run installs it)");
        var psi = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
