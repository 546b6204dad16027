namespace Switchboard.Deployment.Tests.Support;

/// <summary>Where things are: the repository root (the folder holding Aspire.sln) and the shared folder beside it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string K8s => Path.Combine(Root, "k8s");

    /// <summary>The upstream CRDs (KEDA, Prometheus Operator) the custom resources are validated against.</summary>
    public static string CrdDirectory => Path.GetFullPath(Path.Combine(Root, "..", "shared", "contracts", "k8s-crds"));

    /// <summary>True on CI (<c>CI=true</c>), where a missing tool fails the test instead of skipping it.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aspire.sln above {AppContext.BaseDirectory}");
    }
}
