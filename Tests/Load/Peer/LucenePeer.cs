using System.Diagnostics;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Switchboard.Load.Stats;
using Switchboard.Load.Workload;

namespace Switchboard.Load.Peer;

/// <summary>Query latency of the in-process Lucene.Net BM25 peer over the same questions.</summary>
public sealed record PeerResult(
    string Engine, int Chunks, double IndexSeconds, int Rounds, LatencySummary Query,
    IReadOnlyDictionary<string, LatencySummary> ByClass, IReadOnlyDictionary<string, double> MeanMatchingChunks, string Chunking);

/// <summary>
/// Lucene.Net 4.8 in process: an in-memory index of the corpus chunks (EnglishAnalyzer: standard tokenizer, lower
/// case, English stop words, Porter stemming; BM25 k1=1.2 b=0.75), queried with every question as an OR of its
/// analysed terms, top 5 with their stored text, as the service's default <c>topK</c>.
/// </summary>
public sealed class LucenePeer : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory _directory = new();
    private readonly Analyzer _analyzer = new EnglishAnalyzer(Version);
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public int Chunks { get; private set; }

    public double IndexSeconds { get; private set; }

    public void Index(IEnumerable<PeerChunk> chunks)
    {
        var clock = Stopwatch.StartNew();
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity(), OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 64 };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var chunk in chunks)
            {
                writer.AddDocument(new Document
                {
                    new StringField("source", chunk.Source, Field.Store.YES),
                    new TextField("text", chunk.Text, Field.Store.YES),
                });
                Chunks++;
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        IndexSeconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>One query: the top <paramref name="topK"/> chunks' texts and how many chunks matched any term.</summary>
    public (IReadOnlyList<string> Texts, int Matching) Search(string question, int topK = 5)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Index first.");
        var query = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream("text", question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (stream.IncrementToken())
            {
                var text = term.ToString();
                if (seen.Add(text) && query.Clauses.Count < BooleanQuery.MaxClauseCount)
                {
                    query.Add(new TermQuery(new Term("text", text)), Occur.SHOULD);
                }
            }

            stream.End();
        }

        if (query.Clauses.Count == 0)
        {
            return ([], 0);
        }

        var top = searcher.Search(query, topK);
        return (top.ScoreDocs.Select(d => searcher.Doc(d.Doc).Get("text")).ToList(), top.TotalHits);
    }

    /// <summary>A warm-up pass, then <paramref name="rounds"/> timed passes over every question.</summary>
    public PeerResult Measure(QuestionSet questions, int rounds, string chunking)
    {
        foreach (var question in questions.Questions)
        {
            Search(question.Text);
        }

        var timings = new List<(QuestionClass Class, double Ms)>();
        var matching = new Dictionary<QuestionClass, List<int>>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions.Questions)
            {
                var started = Stopwatch.GetTimestamp();
                var (_, hits) = Search(question.Text);
                timings.Add((question.Class, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                if (round == 0)
                {
                    (matching.TryGetValue(question.Class, out var list) ? list : matching[question.Class] = []).Add(hits);
                }
            }
        }

        return new PeerResult("Lucene.Net 4.8.0-beta00017 BM25 (in process, RAMDirectory)", Chunks, Math.Round(IndexSeconds, 2), rounds,
            LatencySummary.Of(timings.Select(t => t.Ms)),
            timings.GroupBy(t => t.Class).ToDictionary(g => g.Key.ToString().ToLowerInvariant(), g => LatencySummary.Of(g.Select(t => t.Ms))),
            matching.ToDictionary(m => m.Key.ToString().ToLowerInvariant(), m => Math.Round(m.Value.Average(), 1)),
            chunking);
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
