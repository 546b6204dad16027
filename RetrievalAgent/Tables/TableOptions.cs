namespace Switchboard.RetrievalAgent.Tables;

/// <summary><c>Retrieval:Tables</c>: whether CSV questions are answered from tables, and how often replicas sync them.</summary>
public sealed class TableOptions
{
    public const string SectionName = "Retrieval:Tables";

    /// <summary>Off: every question takes the extractive path, as before tables existed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often a replica checks Redis for tables another replica ingested or removed.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows cited one by one under an aggregate; the working lists every row used up to <see cref="MaxWorkingRows"/>.</summary>
    public int MaxCitedRows { get; set; } = 10;

    public int MaxWorkingRows { get; set; } = 200;

    internal bool IsValid =>
        SyncInterval >= TimeSpan.FromMilliseconds(100) && SyncInterval <= TimeSpan.FromMinutes(10)
        && MaxCitedRows is >= 1 and <= 50 && MaxWorkingRows is >= 1 and <= 10_000;
}
