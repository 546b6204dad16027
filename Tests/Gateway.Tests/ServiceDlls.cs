namespace Switchboard.Gateway.Tests;

/// <summary>Where the solution build put a service's dll, in this test project's configuration and framework.</summary>
internal static class ServiceDlls
{
    public static string Of(string project)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Aspire.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? ".", project, "bin", configuration, framework, project + ".dll");
    }
}
