using System.Data.Common;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>How sparse (BM25) vectors are made.</summary>
public enum SparseEncoding
{
    /// <summary>Qdrant's own <c>qdrant/bm25</c> document inference (server-side, since 1.15.2): one tokenizer on both sides.</summary>
    ServerBm25,

    /// <summary>
    /// BM25 term frequencies computed here with MurmurHash3 term ids (<see cref="Bm25Hashing"/>), for a server without
    /// local inference. Its tokens are not byte-identical to the server's (no stemming), so never mix the two in one collection.
    /// </summary>
    ClientHashing,
}

/// <summary>
/// Bound from <c>Retrieval:Qdrant</c>; <see cref="Endpoint"/> and <see cref="ApiKey"/> come from the connection string
/// <c>ConnectionStrings:qdrant_http</c> (<c>Endpoint=http://host:6333;Key=...</c>, what Aspire injects).
/// </summary>
public sealed class QdrantOptions
{
    public const string SectionName = "Retrieval:Qdrant";
    public const string ConnectionStringName = "qdrant_http";

    public Uri? Endpoint { get; set; }

    /// <summary>Sent as the <c>api-key</c> header; never logged.</summary>
    public string? ApiKey { get; set; }

    public string CollectionName { get; set; } = "switchboard_chunks";

    /// <summary>Per attempt; a timed-out attempt is retried like a connection error.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 5xx, 408, 429, connection errors and timeouts.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff; doubled on each retry, with ±20 % jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Points per upsert request (each request is <c>wait=true</c>).</summary>
    public int UpsertBatchSize { get; set; } = 128;

    public SparseEncoding Sparse { get; set; } = SparseEncoding.ServerBm25;

    /// <summary>Reads <c>Endpoint=...;Key=...</c>; keys are case-insensitive, unknown keys are ignored.</summary>
    public void ApplyConnectionString(string connectionString)
    {
        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (builder.TryGetValue("Endpoint", out var endpoint) && Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri))
        {
            Endpoint = uri;
        }

        if (builder.TryGetValue("Key", out var key) && !string.IsNullOrWhiteSpace(key?.ToString()))
        {
            ApiKey = key.ToString();
        }
    }

    internal IEnumerable<string> Validate()
    {
        if (Endpoint is null || Endpoint.Scheme is not ("http" or "https"))
        {
            yield return "ConnectionStrings:qdrant_http must hold Endpoint=http(s)://host:port.";
        }

        if (string.IsNullOrWhiteSpace(CollectionName))
        {
            yield return "Retrieval:Qdrant:CollectionName must not be empty.";
        }

        if (Timeout <= TimeSpan.Zero)
        {
            yield return "Retrieval:Qdrant:Timeout must be positive.";
        }

        if (MaxRetries is < 0 or > 10)
        {
            yield return "Retrieval:Qdrant:MaxRetries must be 0..10.";
        }

        if (RetryBaseDelay < TimeSpan.Zero)
        {
            yield return "Retrieval:Qdrant:RetryBaseDelay must not be negative.";
        }

        if (UpsertBatchSize is < 1 or > 10_000)
        {
            yield return "Retrieval:Qdrant:UpsertBatchSize must be 1..10000.";
        }
    }
}
