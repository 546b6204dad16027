using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Indexed;

namespace Switchboard.RetrievalAgent.Tests.Support;

internal static class StoreFactory
{
    /// <summary>The embedded default embedder, as the service registers it.</summary>
    public static readonly HashingEmbeddingGenerator Embedder = new();

    public static SqliteChunkStore Create(TempDirectory directory, string fileName = "store/retrieval.db", IEmbeddingGenerator<string, Embedding<float>>? embedder = null) =>
        new(Options.Create(new ChunkStoreOptions { DatabasePath = fileName }),
            new HostingEnvironment { ContentRootPath = directory.Path },
            embedder ?? Embedder);

    /// <summary>
    /// The store the service runs on by default: the SQLite file served from the in-memory index, loaded and ready.
    /// </summary>
    public static async Task<IChunkStore> CreateIndexedAsync(TempDirectory directory, string fileName = "store/retrieval.db", IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        var file = Create(directory, fileName, embedder);
        var index = new CorpusIndex();
        var sync = new CorpusIndexSync(file, index, Options.Create(new CorpusIndexOptions()), NullLogger<CorpusIndexSync>.Instance);
        await sync.InitialLoadAsync(CancellationToken.None);
        return new IndexedChunkStore(file, index, sync);
    }

    /// <summary>The search pipeline over <paramref name="store"/> with the service's defaults unless told otherwise.</summary>
    public static ChunkSearcher Searcher(IChunkStore store, SearchOptions? options = null, IReranker? reranker = null) =>
        new(store, Embedder, reranker ?? new CrossFeatureReranker(), Options.Create(options ?? new SearchOptions()));

    public static ExtractiveAnswerer Answerer(IChunkStore store, AnswerOptions? answer = null, SearchOptions? search = null) =>
        new(Searcher(store, search), new CitationVerifier(store, NullLogger<CitationVerifier>.Instance),
            Options.Create(answer ?? new AnswerOptions()), NullLogger<ExtractiveAnswerer>.Instance);

    /// <summary>Parses, chunks and stores a document the way ingestion does, without Redis.</summary>
    public static async Task IngestAsync(IChunkStore store, string id, string name, byte[] content, TextChunker? chunker = null, StoredDocument? document = null)
    {
        var parsers = new DocumentParsers([new PdfParser(), new CsvParser(), new PlainTextParser(), new MarkdownParser()]);
        var parsed = parsers.For(name, null).Parse(content);
        var chunks = (chunker ?? SharedTokenizer.Chunker()).Chunk(parsed);
        await store.UpsertDocumentAsync(
            document ?? new StoredDocument(id, name, "application/octet-stream", DateTimeOffset.UtcNow),
            chunks.Select((c, i) => new StoredChunk(StoredChunk.IdFor(id, i), id, name, i, c.Page, c.Row, c.Text)).ToList());
    }
}
