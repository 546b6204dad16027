using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using Switchboard.RetrievalAgent.Ingestion;

namespace Switchboard.RetrievalAgent.Tests.Support;

/// <summary>One o200k tokenizer for the whole test run (it takes a fraction of a second to build).</summary>
public static class SharedTokenizer
{
    private static readonly Lazy<Tokenizer> Instance = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static Tokenizer Tokenizer => Instance.Value;

    internal static TextChunker Chunker(int maxTokens = 500, int overlapTokens = 50) =>
        new(Tokenizer, Options.Create(new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens }));
}
