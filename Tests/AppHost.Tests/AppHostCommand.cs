using System.Diagnostics;
using System.Reflection;

namespace Switchboard.AppHost.Tests;

/// <summary>Runs the AppHost the way a developer or CI does: <c>dotnet run --project AppHost --no-build -- ...</c>.</summary>
internal static class AppHostCommand
{
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("Configuration");

    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(params string[] appHostArguments)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in new[] { "run", "--project", Path.Combine(RepositoryRoot, "AppHost"), "--no-build", "-c", Configuration, "--" }.Concat(appHostArguments))
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet run --project AppHost -- {string.Join(' ', appHostArguments)} did not exit within 3 minutes:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    private static string Metadata(string key) =>
        typeof(AppHostCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see AppHost.Tests.csproj).");
}
