using System.Diagnostics;
using Microsoft.Extensions.Options;
using Switchboard.RetrievalAgent.TextAnalysis;

namespace Switchboard.RetrievalAgent.Store.Indexed;

/// <summary>
/// Keeps this replica's <see cref="CorpusIndex"/> equal to the SQLite file: a full load at start, then every
/// <see cref="CorpusIndexOptions.SyncInterval"/> the documents named in the change log since the last sequence seen
/// are reloaded from the file (or removed). Replicas that share the file (the AppHost's replicas on one machine) thus
/// answer from the same corpus within one interval of a commit; the replica that wrote applies its own change at
/// once. Every application of a change, local or from the log, runs under one lock and reloads from committed state,
/// so the index converges whatever the order.
/// </summary>
internal sealed class CorpusIndexSync(
    SqliteChunkStore file,
    CorpusIndex index,
    IOptions<CorpusIndexOptions> options,
    ILogger<CorpusIndexSync> logger) : BackgroundService
{
    private readonly SemaphoreSlim _apply = new(1, 1);
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<long> _appliedLocally = [];
    private long _lastSequence;

    /// <summary>Completes when the first full load is done.</summary>
    public Task Loaded => _loaded.Task;

    public bool IsLoaded => _loaded.Task.IsCompletedSuccessfully;

    /// <summary>Applies a change this replica just committed as <paramref name="sequence"/>.</summary>
    public async Task ApplyLocalAsync(long sequence, Action apply, CancellationToken cancellationToken)
    {
        await _apply.WaitAsync(cancellationToken);
        try
        {
            apply();
            if (sequence > _lastSequence)
            {
                _appliedLocally.Add(sequence);
            }
        }
        finally
        {
            _apply.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !IsLoaded)
        {
            try
            {
                await InitialLoadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Loading the corpus index failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        using var timer = new PeriodicTimer(options.Value.SyncInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reading the corpus change log failed; retrying");
            }
        }
    }

    /// <summary>The first full load; queries wait for it.</summary>
    internal async Task InitialLoadAsync(CancellationToken cancellationToken)
    {
        await LoadAllAsync(cancellationToken);
        _loaded.TrySetResult();
        Warm(index.Chunks());
    }

    /// <summary>
    /// Analyses chunks ahead of their first query, in the background, while the corpus is small enough to keep every
    /// analysis (<see cref="CorpusIndexOptions.WarmChunks"/>); beyond that a chunk is analysed on first use.
    /// </summary>
    internal void Warm(IReadOnlyList<StoredChunk> chunks)
    {
        if (chunks.Count == 0 || index.ChunkCount > options.Value.WarmChunks)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            foreach (var chunk in chunks)
            {
                ChunkAnalysis.Warm(chunk);
            }
        });
    }

    /// <summary>Applies every change after the last one seen (used by the timer, and by tests to sync at once).</summary>
    internal async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var changes = await file.GetChangesAsync(_lastSequence, cancellationToken);
        if (changes.Changes.Count == 0)
        {
            return;
        }

        if (!changes.Complete)
        {
            logger.LogWarning("The change log no longer reaches sequence {Sequence}; reloading the whole corpus", _lastSequence);
            await LoadAllAsync(cancellationToken);
            return;
        }

        await _apply.WaitAsync(cancellationToken);
        try
        {
            foreach (var document in changes.Changes.GroupBy(c => c.DocumentId, StringComparer.Ordinal))
            {
                var sequences = document.Select(c => c.Sequence).ToList();
                if (sequences.All(_appliedLocally.Contains))
                {
                    continue;
                }

                await ReloadLockedAsync(document.Key, cancellationToken);
            }

            _appliedLocally.RemoveWhere(s => s <= changes.LastSequence);
            _lastSequence = changes.LastSequence;
        }
        finally
        {
            _apply.Release();
        }
    }

    private async Task ReloadLockedAsync(string documentId, CancellationToken cancellationToken)
    {
        if (await file.LoadDocumentAsync(documentId, cancellationToken) is { } loaded)
        {
            index.Replace(loaded.Document, loaded.Chunks, loaded.Vectors);
            Warm(loaded.Chunks);
        }
        else
        {
            index.Remove(documentId);
        }
    }

    private async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        await _apply.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            // Read the log position first: anything committed during the load is applied again afterwards.
            var sequence = await file.GetLastChangeAsync(cancellationToken);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var loaded in file.LoadAllAsync(cancellationToken))
            {
                index.Replace(loaded.Document, loaded.Chunks, loaded.Vectors);
                seen.Add(loaded.Document.Id);
            }

            foreach (var stale in index.DocumentIds().Where(id => !seen.Contains(id)))
            {
                index.Remove(stale);
            }

            _lastSequence = sequence;
            _appliedLocally.Clear();
            logger.LogInformation("Corpus index loaded: {DocumentCount} documents, {ChunkCount} chunks in {Elapsed:F1} s",
                index.DocumentCount, index.ChunkCount, Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        finally
        {
            _apply.Release();
        }
    }
}

/// <summary>Bound from <c>Retrieval:Index</c>.</summary>
public sealed class CorpusIndexOptions
{
    public const string SectionName = "Retrieval:Index";

    /// <summary>How often a replica reads the change log written by the others (and by the embedding backfill).</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Up to this many chunks, every chunk's analysis (<see cref="ChunkAnalysis"/>, roughly 10–25 KB each) is made when
    /// it arrives and kept; a larger corpus analyses a chunk on its first query instead, so memory follows what is asked.
    /// </summary>
    public int WarmChunks { get; set; } = 50_000;
}
