using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>
/// The corpus in memory, analysed once when a document arrives: an inverted index (token → chunks with term
/// frequency) for BM25, each chunk's length, its unit-length vector, and each document's filter and access metadata.
/// A query touches only the occurrence lists of its own terms and, for vectors, the columns of the dimensions it uses;
/// it never reads text from disk or analyses it again (the chunks' analyses are made at ingestion, see
/// <see cref="ChunkAnalysis.Warm"/>).
/// </summary>
/// <remarks>
/// BM25 is FTS5's: k1 = 1.2, b = 0.75, idf = ln((N − n + 0.5) / (n + 0.5)) floored at 1e-6, N and the average length
/// over every chunk (filters only decide which chunks may be returned), so the keyword ranking is the one the SQLite
/// index gave. One difference: a query word that splits into several tokens ("49.99") matches a chunk holding all of
/// them, not only adjacent. Many readers share the index under a reader-writer lock; a document is replaced under
/// the write lock in one step, so a query sees the old version or the new one, never a mix. Removed chunks leave
/// a null slot; their occurrences are swept out once they outnumber the live chunks.
/// </remarks>
internal sealed class CorpusIndex
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<IndexedChunk?> _chunks = [];
    private readonly List<IndexedDocument?> _documentsByNumber = [];
    private readonly Dictionary<string, IndexedDocument> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Posting>> _postings = new(StringComparer.Ordinal);
    private long _totalLength;
    private int _liveChunks;
    private int _removedSinceSweep;
    private bool[]? _anonymousVisibility;
    private readonly VectorColumns _vectors = new();

    [ThreadStatic]
    private static double[]? t_scores;

    public int DocumentCount => Read(() => _documents.Count);

    public int ChunkCount => Read(() => _liveChunks);

    public IReadOnlyList<string> DocumentIds() => Read(() => _documents.Keys.ToList());

    /// <summary>A snapshot of the live chunks (for warming their analyses after a load).</summary>
    public IReadOnlyList<StoredChunk> Chunks() => Read(() => _chunks.Where(c => c is not null).Select(c => c!.Chunk).ToList());

    /// <summary>Adds the document, replacing any earlier version of it. The expensive analysis runs before the lock is taken.</summary>
    public void Replace(StoredDocument document, IReadOnlyList<StoredChunk> chunks, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var analysed = new (StoredChunk Chunk, Dictionary<string, int> Terms, int Length, ReadOnlyMemory<float> Vector)[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            var terms = new Dictionary<string, int>(StringComparer.Ordinal);
            var length = 0;
            foreach (var token in IndexTokens.Of(chunks[i].Text))
            {
                terms[token] = terms.GetValueOrDefault(token) + 1;
                length++;
            }

            analysed[i] = (chunks[i], terms, length, i < vectors.Count ? vectors[i] : ReadOnlyMemory<float>.Empty);
        }

        Write(() =>
        {
            RemoveLocked(document.Id);
            var entry = new IndexedDocument(document, _documentsByNumber.Count);
            _documentsByNumber.Add(entry);
            _documents[document.Id] = entry;
            foreach (var (chunk, terms, length, vector) in analysed.OrderBy(a => a.Chunk.Ordinal))
            {
                var slot = _chunks.Count;
                _chunks.Add(new IndexedChunk(chunk, entry, length));
                _vectors.Set(slot, vector.Span);
                entry.Slots.Add(slot);
                foreach (var (term, frequency) in terms)
                {
                    if (!_postings.TryGetValue(term, out var list))
                    {
                        _postings[term] = list = [];
                    }

                    list.Add(new Posting(slot, frequency));
                }

                _totalLength += length;
                _liveChunks++;
            }
        });
    }

    /// <returns><see langword="true"/> when the document was in the index.</returns>
    public bool Remove(string documentId)
    {
        var removed = false;
        Write(() => removed = RemoveLocked(documentId));
        return removed;
    }

    /// <summary>BM25 over the query's phrases; the best <paramref name="limit"/> visible chunks (ties: document id, ordinal).</summary>
    public IReadOnlyList<ScoredChunk> Keyword(KeywordQuery query, int limit, ChunkFilter filter)
    {
        if (query.IsEmpty || limit <= 0 || filter.MatchesNothing)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            if (_liveChunks == 0)
            {
                return [];
            }

            var visible = VisibilityLocked(filter);
            var scores = t_scores is { } s && s.Length >= _chunks.Count ? s : t_scores = new double[Math.Max(_chunks.Count, 1024) * 2];
            var touched = new List<int>();
            var averageLength = (double)_totalLength / _liveChunks;
            foreach (var phrase in query.Phrases)
            {
                var matches = MatchesLocked(phrase);
                if (matches.Count == 0)
                {
                    continue;
                }

                var idf = Math.Log((_liveChunks - matches.Count + 0.5) / (matches.Count + 0.5));
                idf = idf <= 0 ? 1e-6 : idf;
                foreach (var (slot, frequency) in matches)
                {
                    var chunk = _chunks[slot]!;
                    if (!visible[chunk.Document.Number])
                    {
                        continue;
                    }

                    if (scores[slot] == 0)
                    {
                        touched.Add(slot);
                    }

                    scores[slot] += idf * frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * chunk.Length / averageLength));
                }
            }

            var best = new TopK(limit);
            foreach (var slot in touched)
            {
                best.Offer(_chunks[slot]!, scores[slot]);
                scores[slot] = 0;
            }

            return best.Results();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The <paramref name="limit"/> visible chunks most cosine-similar to <paramref name="vector"/> (exact, in memory, <see cref="VectorColumns"/>).</summary>
    public IReadOnlyList<ScoredChunk> Nearest(ReadOnlySpan<float> vector, int limit, ChunkFilter filter)
    {
        if (limit <= 0 || vector.IsEmpty || filter.MatchesNothing)
        {
            return [];
        }

        var query = VectorColumns.UnitVector(vector);
        if (query is null)
        {
            return [];
        }

        _lock.EnterReadLock();
        try
        {
            var visible = VisibilityLocked(filter);
            var scores = _vectors.Scores(query, _chunks.Count);
            var best = new TopK(limit);
            for (var slot = 0; slot < scores.Length; slot++)
            {
                if (_chunks[slot] is { } chunk && _vectors.Has(slot) && visible[chunk.Document.Number])
                {
                    best.Offer(chunk, scores[slot]);
                }
            }

            return best.Results();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>The document's chunks in order, or none when it is absent or <paramref name="filter"/> hides it.</summary>
    public IReadOnlyList<StoredChunk> ChunksOf(string documentId, ChunkFilter filter) => Read<IReadOnlyList<StoredChunk>>(() =>
        filter.MatchesNothing || !_documents.TryGetValue(documentId, out var document) || !document.IsVisibleTo(filter)
            ? []
            : document.Slots.Select(slot => _chunks[slot]!.Chunk).ToList());

    /// <summary>How many chunks <paramref name="filter"/> lets through, and in how many of them each token occurs.</summary>
    public TermStatistics Statistics(IReadOnlyCollection<string> tokens, ChunkFilter filter) => Read(() =>
    {
        var distinct = tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).ToList();
        var frequencies = distinct.ToDictionary(t => t, _ => 0, StringComparer.Ordinal);
        if (filter.MatchesNothing)
        {
            return new TermStatistics(0, frequencies);
        }

        var visible = VisibilityLocked(filter);
        var count = _documents.Values.Where(d => visible[d.Number]).Sum(d => d.Slots.Count);
        foreach (var token in distinct)
        {
            frequencies[token] = MatchesLocked(IndexTokens.Of(token).ToList()).Count(m => visible[_chunks[m.Slot]!.Document.Number]);
        }

        return new TermStatistics(count, frequencies);
    });

    /// <summary>The live chunks holding every token of <paramref name="phrase"/>, with the smallest of their frequencies.</summary>
    private List<Posting> MatchesLocked(IReadOnlyList<string> phrase)
    {
        var result = new List<Posting>();
        if (phrase.Count == 0 || !_postings.TryGetValue(phrase[0], out var first))
        {
            return result;
        }

        if (phrase.Count == 1)
        {
            foreach (var posting in first)
            {
                if (_chunks[posting.Slot] is not null)
                {
                    result.Add(posting);
                }
            }

            return result;
        }

        var others = new List<Dictionary<int, int>>();
        foreach (var token in phrase.Skip(1))
        {
            if (!_postings.TryGetValue(token, out var list))
            {
                return result;
            }

            others.Add(list.ToDictionary(p => p.Slot, p => p.Frequency));
        }

        foreach (var posting in first)
        {
            if (_chunks[posting.Slot] is null)
            {
                continue;
            }

            var frequency = posting.Frequency;
            var all = true;
            foreach (var other in others)
            {
                all &= other.TryGetValue(posting.Slot, out var f);
                frequency = Math.Min(frequency, f);
            }

            if (all)
            {
                result.Add(posting with { Frequency = frequency });
            }
        }

        return result;
    }

    private bool[] VisibilityLocked(ChunkFilter filter)
    {
        var anonymous = filter.HasNoCriteria && filter.CallerGroups.Count == 0;
        if (anonymous && _anonymousVisibility is { } cached && cached.Length == _documentsByNumber.Count)
        {
            return cached;
        }

        var visible = new bool[_documentsByNumber.Count];
        for (var i = 0; i < visible.Length; i++)
        {
            visible[i] = _documentsByNumber[i] is { } document && document.IsVisibleTo(filter);
        }

        if (anonymous)
        {
            // Benign race: readers may compute it concurrently; each result is the same array content.
            _anonymousVisibility = visible;
        }

        return visible;
    }

    private bool RemoveLocked(string documentId)
    {
        if (!_documents.Remove(documentId, out var document))
        {
            return false;
        }

        foreach (var slot in document.Slots)
        {
            _totalLength -= _chunks[slot]!.Length;
            _chunks[slot] = null;
            _vectors.Clear(slot);
            _liveChunks--;
            _removedSinceSweep++;
        }

        _documentsByNumber[document.Number] = null;
        _anonymousVisibility = null;
        if (_removedSinceSweep > Math.Max(_liveChunks, 1024))
        {
            SweepLocked();
        }

        return true;
    }

    /// <summary>Drops the occurrences of removed chunks (slots are not reused, so the others stay valid).</summary>
    private void SweepLocked()
    {
        foreach (var (term, list) in _postings.ToList())
        {
            list.RemoveAll(p => _chunks[p.Slot] is null);
            if (list.Count == 0)
            {
                _postings.Remove(term);
            }
        }

        _removedSinceSweep = 0;
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void Write(Action write)
    {
        _lock.EnterWriteLock();
        try
        {
            write();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The best <c>k</c> chunks by score, ties broken by document id then ordinal (as the SQL stores order them).</summary>
    private sealed class TopK(int k)
    {
        private readonly PriorityQueue<IndexedChunk, (double Score, IndexedChunk Chunk)> _heap = new(k + 1, WorstFirst.Instance);

        public void Offer(IndexedChunk chunk, double score)
        {
            if (_heap.Count < k)
            {
                _heap.Enqueue(chunk, (score, chunk));
            }
            else if (_heap.TryPeek(out _, out var worst) && WorstFirst.Instance.Compare((score, chunk), worst) > 0)
            {
                _heap.DequeueEnqueue(chunk, (score, chunk));
            }
        }

        public IReadOnlyList<ScoredChunk> Results()
        {
            var results = new ScoredChunk[_heap.Count];
            for (var i = results.Length - 1; _heap.TryDequeue(out var chunk, out var entry); i--)
            {
                results[i] = new ScoredChunk(chunk.Chunk, entry.Score);
            }

            return results;
        }
    }

    /// <summary>Lowest score first; on a tie the later document id, then the later ordinal (so the better one is kept).</summary>
    private sealed class WorstFirst : IComparer<(double Score, IndexedChunk Chunk)>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare((double Score, IndexedChunk Chunk) x, (double Score, IndexedChunk Chunk) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var byDocument = string.CompareOrdinal(y.Chunk.Chunk.DocumentId, x.Chunk.Chunk.DocumentId);
            return byDocument != 0 ? byDocument : y.Chunk.Chunk.Ordinal.CompareTo(x.Chunk.Chunk.Ordinal);
        }
    }
}
