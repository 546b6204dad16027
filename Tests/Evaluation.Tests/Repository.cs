using System.Reflection;

namespace Switchboard.Evaluation.Tests;

/// <summary>The repository this test project was built from (stamped into the assembly, see the csproj).</summary>
public static class Repository
{
    public static string Root => Metadata("RepositoryRoot");

    public static string Configuration => Metadata("Configuration");

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' is missing (see Evaluation.Tests.csproj).");
}
