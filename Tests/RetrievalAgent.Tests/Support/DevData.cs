namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>The shared development documents: <c>../shared/devdata</c> next to the repository root.</summary>
public static class DevData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "devdata"));

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aspire.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}

/// <summary>A fact that is skipped, with the reason printed, when the dev documents are not on this machine.</summary>
public sealed class DevDataFactAttribute : FactAttribute
{
    public DevDataFactAttribute()
    {
        if (!Directory.Exists(DevData.Root))
        {
            Skip = $"{DevData.Root} is absent";
        }
    }
}
