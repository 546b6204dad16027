using System.Diagnostics;
using Switchboard.Load.Cli;

namespace Switchboard.Load.Stack;

/// <summary>Starts and stops the local stack with the repository's <c>run.sh</c>, the answer cache turned off.</summary>
public static class StackControl
{
    /// <summary>Environment for the started services: the Gateway's answer cache off, so every ask does the full work.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["Gateway__AnswerCache__Enabled"] = "false",
    };

    /// <summary>The AppHost parameter the stack is started with (AppHost/Topology/AppHostSettings.cs).</summary>
    public const string TraceSampling = "--Parameters:trace-sampling=0.01";

    /// <returns>True when this call started the stack; false when it was already running (then it is left as it is).</returns>
    public static async Task<bool> StartAsync(string root, bool build, TextWriter log, CancellationToken cancellationToken)
    {
        var script = Path.Combine(root, "run.sh");
        if (!File.Exists(script))
        {
            throw new UsageException($"--start needs {script}, which does not exist (is the repository root right?).");
        }

        // Traces sampled at 1 % (parent-based), as a production collector would take them: with Aspire's always_on the
        // dashboard's ingestion of every span costs more CPU on a 2-core machine than some services' own work.
        string[] arguments = build ? ["run.sh", "--detach", TraceSampling] : ["run.sh", "--detach", "--no-build", TraceSampling];
        log.WriteLine($"Starting the stack: ./{string.Join(' ', arguments)} with Gateway__AnswerCache__Enabled=false ...");
        var (code, output) = await RunAsync(root, arguments, TimeSpan.FromMinutes(30), log, cancellationToken);
        if (code == 0)
        {
            return true;
        }

        if (output.Contains("already running", StringComparison.OrdinalIgnoreCase))
        {
            log.WriteLine("warning: the stack was already running; it is used as it is (its answer cache setting is unknown, the run checks for cached answers).");
            return false;
        }

        throw new UsageException($"./run.sh --detach failed with exit code {code}; its logs are in {Path.Combine(root, ".data", "logs")}.");
    }

    public static async Task StopAsync(string root, TextWriter log)
    {
        log.WriteLine("Stopping the stack (./run.sh stop) ...");
        await RunAsync(root, ["run.sh", "stop"], TimeSpan.FromMinutes(3), log, CancellationToken.None);
    }

    private static async Task<(int Code, string Output)> RunAsync(string root, IReadOnlyList<string> args, TimeSpan limit, TextWriter log, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        var output = new System.Text.StringBuilder();
        void Forward(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                log.WriteLine("  | " + line);
            }
        }

        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new UsageException($"./{string.Join(' ', args)} did not finish within {Cli.Durations.Format(limit)}.");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }
}
