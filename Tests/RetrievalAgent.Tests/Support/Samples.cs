namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>The repository's quick-start documents and their question list (<c>samples/</c>).</summary>
internal static class Samples
{
    public static string Root { get; } = Path.Combine(DevData.RepositoryRoot, "samples");
}

/// <summary>A fact that is skipped, with the reason printed, when <c>samples/questions.json</c> is absent.</summary>
public sealed class SamplesFactAttribute : FactAttribute
{
    public SamplesFactAttribute()
    {
        if (!File.Exists(Path.Combine(Samples.Root, "questions.json")))
        {
            Skip = $"{Samples.Root}/questions.json is absent";
        }
    }
}

/// <summary>A theory that is skipped, with the reason printed, when <c>samples/questions.json</c> is absent.</summary>
public sealed class SamplesTheoryAttribute : TheoryAttribute
{
    public SamplesTheoryAttribute()
    {
        if (!File.Exists(Path.Combine(Samples.Root, "questions.json")))
        {
            Skip = $"{Samples.Root}/questions.json is absent";
        }
    }
}
