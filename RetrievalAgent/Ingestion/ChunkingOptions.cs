namespace Switchboard.RetrievalAgent.Ingestion;

/// <summary>Chunk sizes in o200k tokens, bound from <c>Retrieval:Chunking</c>.</summary>
public sealed class ChunkingOptions
{
    public const string SectionName = "Retrieval:Chunking";

    /// <summary>Upper bound of a chunk (a single CSV row longer than this is still kept whole).</summary>
    public int MaxTokens { get; set; } = 500;

    /// <summary>Tokens of the previous chunk repeated at the start of the next one, so a fact cut at a boundary stays findable.</summary>
    public int OverlapTokens { get; set; } = 50;

    internal bool IsValid => MaxTokens is >= 16 and <= 8192 && OverlapTokens >= 0 && OverlapTokens < MaxTokens;
}
