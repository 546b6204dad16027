namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>Limits on what one document may hold, bound from <c>Retrieval:Ingestion</c> and validated at start.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Retrieval:Ingestion";

    /// <summary>Most pages a PDF may have; a longer one ends <c>failed</c> before any page is read.</summary>
    public int MaxPages { get; set; } = 2000;

    /// <summary>Most data rows (header excluded) a CSV file may have; a longer one ends <c>failed</c>.</summary>
    public int MaxRows { get; set; } = 200_000;

    internal bool IsValid => MaxPages is >= 1 and <= 100_000 && MaxRows is >= 1 and <= 10_000_000;
}
