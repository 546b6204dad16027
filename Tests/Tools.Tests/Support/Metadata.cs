using System.Reflection;

namespace Switchboard.Tools.Tests.Support;

/// <summary>Build facts the test project records (repository root, configuration) to find the apps it starts.</summary>
public static class Metadata
{
    public static string RepositoryRoot => Get("RepositoryRoot");

    public static string Configuration => Get("Configuration");

    public static string AppDll(string projectDirectory, string assemblyName) =>
        Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");

    private static string Get(string key) =>
        typeof(Metadata).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
