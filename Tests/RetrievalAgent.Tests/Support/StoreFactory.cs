using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Store;

namespace Switchboard.RetrievalAgent.Tests.Support;

internal static class StoreFactory
{
    public static SqliteChunkStore Create(TempDirectory directory, string fileName = "store/retrieval.db") =>
        new(Options.Create(new ChunkStoreOptions { DatabasePath = fileName }),
            new HostingEnvironment { ContentRootPath = directory.Path });

    /// <summary>Parses, chunks and stores a document the way ingestion does, without Redis.</summary>
    public static async Task IngestAsync(IChunkStore store, string id, string name, byte[] content, TextChunker? chunker = null)
    {
        var parsers = new DocumentParsers([new PdfParser(), new CsvParser(), new PlainTextParser(), new MarkdownParser()]);
        var parsed = parsers.For(name, null).Parse(content);
        var chunks = (chunker ?? SharedTokenizer.Chunker()).Chunk(parsed);
        await store.UpsertDocumentAsync(
            new StoredDocument(id, name, "application/octet-stream", DateTimeOffset.UtcNow),
            chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor(id, i), id, name, i, c.Page, c.Row, c.Text)).ToList());
    }
}
