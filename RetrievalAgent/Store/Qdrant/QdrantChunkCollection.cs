using System.Linq.Expressions;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Switchboard.RetrievalAgent.Store.VectorData;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// The Qdrant collection as the same <c>VectorStoreCollection&lt;string, ChunkRecord&gt;</c> the SQLite store exposes,
/// with keyword-hybrid search (dense + sparse prefetch fused by RRF in Qdrant). Used by the migration tool and by
/// anything written against <c>Microsoft.Extensions.VectorData</c>; the search pipeline uses <see cref="QdrantChunkStore"/>.
/// </summary>
/// <remarks>
/// LINQ filters are not translated to Qdrant filters: a filtered <c>GetAsync</c> or vector <c>SearchAsync</c> scrolls
/// the collection and evaluates the predicate (and the cosine) in process, exactly as the SQLite collection does; a
/// filtered <c>HybridSearchAsync</c> is not supported (the pipeline's filters go through <see cref="ChunkFilter"/>).
/// </remarks>
public sealed class QdrantChunkCollection(QdrantChunkIndex index) : VectorStoreCollection<string, ChunkRecord>, IKeywordHybridSearchable<ChunkRecord>
{
    public override string Name => index.Collection;

    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default) => index.ExistsAsync(cancellationToken);

    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default) => index.EnsureReadyAsync(cancellationToken);

    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default) => index.DeleteCollectionAsync(cancellationToken);

    public override async Task<ChunkRecord?> GetAsync(string key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        var points = await index.RetrieveAsync([key], options?.IncludeVectors ?? false, cancellationToken);
        return points.Count == 0 ? null : QdrantPoints.Record(points[0]);
    }

    public override async IAsyncEnumerable<ChunkRecord> GetAsync(
        Expression<Func<ChunkRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var predicate = filter.Compile();
        var records = index.ScrollAsync(null, options?.IncludeVectors ?? false, cancellationToken)
            .Select(QdrantPoints.Record)
            .Where(predicate);
        if (options?.OrderBy is { } orderBy)
        {
            var all = await records.ToListAsync(cancellationToken);
            IOrderedEnumerable<ChunkRecord>? ordered = null;
            foreach (var sort in orderBy(new FilteredRecordRetrievalOptions<ChunkRecord>.OrderByDefinition()).Values)
            {
                var key = sort.PropertySelector.Compile();
                ordered = ordered is null
                    ? (sort.Ascending ? all.OrderBy(key) : all.OrderByDescending(key))
                    : (sort.Ascending ? ordered.ThenBy(key) : ordered.ThenByDescending(key));
            }

            foreach (var record in (ordered ?? (IEnumerable<ChunkRecord>)all).Skip(options.Skip).Take(top))
            {
                yield return record;
            }

            yield break;
        }

        await foreach (var record in records.Skip(options?.Skip ?? 0).Take(top).WithCancellation(cancellationToken))
        {
            yield return record;
        }
    }

    public override Task DeleteAsync(string key, CancellationToken cancellationToken = default) => index.DeleteIdsAsync([key], cancellationToken);

    public override Task DeleteAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default) => index.DeleteIdsAsync(keys, cancellationToken);

    public override Task UpsertAsync(ChunkRecord record, CancellationToken cancellationToken = default) => index.UpsertAsync([record], cancellationToken);

    /// <summary>Records without a vector are embedded first; batches of <c>UpsertBatchSize</c>, each <c>wait=true</c>.</summary>
    public override Task UpsertAsync(IEnumerable<ChunkRecord> records, CancellationToken cancellationToken = default) =>
        index.UpsertAsync(records.ToList(), cancellationToken);

    public override async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var query = await ToVectorAsync(searchValue, cancellationToken);
        var skip = options?.Skip ?? 0;
        var includeVectors = options?.IncludeVectors ?? false;
        if (options?.Filter is { } filter)
        {
            foreach (var result in await FilteredSearchAsync(query, filter.Compile(), top + skip, options.ScoreThreshold, includeVectors, cancellationToken))
            {
                if (skip-- <= 0)
                {
                    yield return result;
                }
            }

            yield break;
        }

        var request = QdrantChunkIndex.DenseQuery(query, QdrantFilters.Unrestricted(), top + skip, options?.ScoreThreshold, includeVectors);
        request.Remove("filter");
        foreach (var (point, score) in (await index.QueryAsync(request, cancellationToken)).Skip(skip))
        {
            yield return new VectorSearchResult<ChunkRecord>(QdrantPoints.Record(point), score);
        }
    }

    /// <summary>Dense and sparse (BM25 over <paramref name="keywords"/>) prefetches fused by RRF in Qdrant (k as the paper's 60).</summary>
    public async IAsyncEnumerable<VectorSearchResult<ChunkRecord>> HybridSearchAsync<TInput>(
        TInput searchValue, ICollection<string> keywords, int top, HybridSearchOptions<ChunkRecord>? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default) where TInput : notnull
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        if (options?.Filter is not null)
        {
            throw new NotSupportedException("LINQ filters are not translated to Qdrant filters; use IChunkStore with a ChunkFilter.");
        }

        var skip = options?.Skip ?? 0;
        var query = await ToVectorAsync(searchValue, cancellationToken);
        var request = index.HybridQuery(query, string.Join(' ', keywords), QdrantFilters.Unrestricted(), top + skip, (top + skip) * 4, withVector: options?.IncludeVectors ?? false);
        foreach (var (point, score) in (await index.QueryAsync(request, cancellationToken)).Skip(skip))
        {
            yield return new VectorSearchResult<ChunkRecord>(QdrantPoints.Record(point), score);
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? new VectorStoreCollectionMetadata
            {
                VectorStoreSystemName = "qdrant",
                CollectionName = index.Collection,
            }
            : serviceType == typeof(IEmbeddingGenerator<string, Embedding<float>>) ? index.Embedder
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async Task<List<VectorSearchResult<ChunkRecord>>> FilteredSearchAsync(
        ReadOnlyMemory<float> query, Func<ChunkRecord, bool> predicate, int take, double? threshold, bool includeVectors, CancellationToken cancellationToken)
    {
        var scored = new List<VectorSearchResult<ChunkRecord>>();
        await foreach (var point in index.ScrollAsync(null, withVector: true, cancellationToken))
        {
            var record = QdrantPoints.Record(point);
            if (record.Embedding.Length != query.Length || !predicate(record))
            {
                continue;
            }

            double score = TensorPrimitives.CosineSimilarity(query.Span, record.Embedding.Span);
            if (threshold is null || score >= threshold)
            {
                if (!includeVectors)
                {
                    record.Embedding = ReadOnlyMemory<float>.Empty;
                }

                scored.Add(new VectorSearchResult<ChunkRecord>(record, score));
            }
        }

        return scored.OrderByDescending(r => r.Score).Take(take).ToList();
    }

    private async Task<ReadOnlyMemory<float>> ToVectorAsync<TInput>(TInput value, CancellationToken cancellationToken) => value switch
    {
        ReadOnlyMemory<float> memory => memory,
        float[] array => array,
        Embedding<float> embedding => embedding.Vector,
        string text => (await index.Embedder.GenerateAsync([text], cancellationToken: cancellationToken))[0].Vector,
        _ => throw new NotSupportedException(
            $"Search values of type {typeof(TInput).Name} are not supported; use string, float[], ReadOnlyMemory<float> or Embedding<float>."),
    };
}
