namespace Switchboard.Tests.Support;

/// <summary>The repository root: the folder holding Aspire.sln, found upwards from the test assembly.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Of(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aspire.sln above {AppContext.BaseDirectory}");
    }
}
