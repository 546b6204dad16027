using System.Text;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;
using Switchboard.AgentCore.AI.Embeddings;
using Switchboard.RetrievalAgent.Ingestion;
using Switchboard.RetrievalAgent.Search;
using Switchboard.RetrievalAgent.Store;
using Switchboard.RetrievalAgent.Store.Indexed;
using Microsoft.Extensions.Logging.Abstractions;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Switchboard.Benchmarks;

/// <summary>Deterministic synthetic documents and stores (fixed seeds), so every run measures the same work.</summary>
internal static class Corpus
{
    public static readonly HashingEmbeddingGenerator Embedder = new();
    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    /// <summary>4,000 pseudo-words: enough distinct terms that BM25's IDF is meaningful.</summary>
    private static readonly string[] Vocabulary = BuildVocabulary(4000);

    public static SqliteChunkStore Store(string directory) =>
        new(Options.Create(new ChunkStoreOptions { DatabasePath = Path.Combine(directory, "bench.db") }),
            new HostingEnvironment { ContentRootPath = directory }, Embedder);

    /// <summary>The store the RetrievalAgent runs on: the file at <paramref name="directory"/> served from the in-memory index, loaded.</summary>
    public static async Task<IChunkStore> IndexedAsync(SqliteChunkStore file)
    {
        var index = new CorpusIndex();
        var sync = new CorpusIndexSync(file, index, Options.Create(new CorpusIndexOptions()), NullLogger<CorpusIndexSync>.Instance);
        await sync.InitialLoadAsync(CancellationToken.None);
        return new IndexedChunkStore(file, index, sync);
    }

    public static TextChunker Chunker() => new(SharedTokenizer.Value, Options.Create(new ChunkingOptions()));

    public static ChunkSearcher Searcher(IChunkStore store, SearchMode mode) =>
        new(store, Embedder, new CrossFeatureReranker(), Options.Create(new SearchOptions { Mode = mode }));

    /// <summary>A sentence of 8–20 words drawn with a Zipf-like skew (frequent words are frequent), ending in a period.</summary>
    public static string Sentence(Random random)
    {
        var words = random.Next(8, 21);
        var text = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var index = (int)(Vocabulary.Length * Math.Pow(random.NextDouble(), 2.5));
            var word = Vocabulary[index];
            text.Append(i == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word).Append(i == words - 1 ? "." : " ");
        }

        return text.ToString();
    }

    public static string Query(Random random) =>
        string.Join(' ', Enumerable.Range(0, random.Next(3, 7)).Select(_ => Vocabulary[(int)(Vocabulary.Length * Math.Pow(random.NextDouble(), 1.5))]));

    /// <summary>A PDF of <paramref name="pages"/> A4 pages, 40 lines of Helvetica 10 pt each.</summary>
    public static byte[] Pdf(int pages, int seed = 1)
    {
        var random = new Random(seed);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var p = 0; p < pages; p++)
        {
            var page = builder.AddPage(PageSize.A4);
            for (var line = 0; line < 40; line++)
            {
                page.AddText(Sentence(random), 10, new PdfPoint(40, 800 - line * 19), font);
            }
        }

        return builder.Build();
    }

    /// <summary>A CSV of <paramref name="rows"/> rows and 6 columns, some quoted with commas.</summary>
    public static byte[] Csv(int rows, int seed = 2)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("Id,Product,Region,Quarter,Revenue,Notes\n");
        for (var i = 0; i < rows; i++)
        {
            csv.Append(i).Append(",Product ").Append(Vocabulary[random.Next(200)]).Append(',').Append(Vocabulary[random.Next(50)])
                .Append(",20").Append(20 + random.Next(5)).Append("-Q").Append(1 + random.Next(4)).Append(',')
                .Append(random.Next(100, 100000)).Append(",\"").Append(Sentence(random).Replace("\"", "", StringComparison.Ordinal)).Append(", noted\"\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>Fills a store with <paramref name="chunks"/> chunks of ~5 sentences, 100 chunks per document.</summary>
    public static async Task FillAsync(IChunkStore store, int chunks, int seed = 3)
    {
        var random = new Random(seed);
        const int perDocument = 100;
        for (var d = 0; d * perDocument < chunks; d++)
        {
            var id = $"doc{d:D5}";
            var list = new List<StoredChunk>(perDocument);
            for (var i = 0; i < perDocument && d * perDocument + i < chunks; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 5).Select(_ => Sentence(random)));
                list.Add(new StoredChunk(StoredChunk.IdFor(id, i), id, id + ".txt", i, null, null, text));
            }

            await store.UpsertDocumentAsync(new StoredDocument(id, id + ".txt", "text/plain", DateTimeOffset.UnixEpoch.AddDays(d)), list);
        }
    }

    private static string[] BuildVocabulary(int size)
    {
        var random = new Random(7);
        const string consonants = "bcdfghklmnprstvz";
        const string vowels = "aeiou";
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            var syllables = random.Next(1, 4);
            var word = new StringBuilder();
            for (var s = 0; s < syllables; s++)
            {
                word.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
                if (random.Next(3) == 0)
                {
                    word.Append(consonants[random.Next(consonants.Length)]);
                }
            }

            words.Add(word.ToString());
        }

        return [.. words];
    }
}
