namespace Switchboard.Evaluation.Tests;

/// <summary>
/// The real public documents of <c>../shared/devdata</c> (pdf/, text/, csv/): not in the repository, read from beside
/// it. Tests that need them are skipped, with the reason printed, where the folder is absent.
/// </summary>
public static class DevData
{
    public static string Root => Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "devdata"));

    public static IReadOnlyList<string> Folders => ["pdf", "text", "csv"];

    public static bool IsPresent => Folders.All(folder => Directory.Exists(Path.Combine(Root, folder)));

    /// <summary>The CSV files of <c>samples/</c> that csv.jsonl asks about too (shipped with the repository).</summary>
    public static IReadOnlyList<string> SampleFiles =>
        [Path.Combine(Repository.Root, "samples", "price-list.csv"), Path.Combine(Repository.Root, "samples", "quarterly-figures.csv")];

    /// <summary>
    /// The development set's corpus, as <c>--documents</c> paths: the devdata folders and the shipped sample files. Every
    /// question's <c>document</c> is one of these files.
    /// </summary>
    public static IReadOnlyList<string> Documents => [.. Folders.Select(folder => Path.Combine(Root, folder)), .. SampleFiles];

    /// <summary>The development set's question files (samples/devset/*.jsonl).</summary>
    public static string QuestionFolder => Path.Combine(Repository.Root, "samples", "devset");
}

/// <summary>A fact skipped, with the reason printed, where <c>../shared/devdata</c> is absent.</summary>
public sealed class DevDataFactAttribute : FactAttribute
{
    public DevDataFactAttribute()
    {
        if (!DevData.IsPresent)
        {
            Skip = $"{DevData.Root} (pdf/, text/, csv/) is absent: the development set runs on ../shared/devdata";
        }
    }
}
