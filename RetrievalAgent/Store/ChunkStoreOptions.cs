namespace Switchboard.RetrievalAgent.Store;

/// <summary>Bound from the <c>Retrieval</c> section.</summary>
public sealed class ChunkStoreOptions
{
    public const string SectionName = "Retrieval";

    /// <summary>The SQLite file; a relative path is resolved against the content root. Its folder is created.</summary>
    public string DatabasePath { get; set; } = "data/retrieval.db";
}
