using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Switchboard.Tests.Support;

/// <summary>
/// An S3-compatible server on a loopback port for what the source sync uses, speaking the S3 REST API on the wire as a
/// MinIO-like server does (path-style addressing): <c>GET /{bucket}?list-type=2</c> (ListObjectsV2 XML, <c>prefix</c>,
/// <c>max-keys</c>, <c>continuation-token</c>/<c>NextContinuationToken</c>, <c>start-after</c>, <c>encoding-type=url</c>),
/// <c>GET</c>/<c>HEAD /{bucket}/{key}</c> with <c>ETag</c> (quoted MD5, as S3 gives for single-part uploads),
/// <c>Last-Modified</c>, <c>Content-Length</c>, <c>Content-Type</c>, and S3's XML errors. Every request must carry a valid
/// AWS SigV4 <c>Authorization</c> header for the configured key (<see cref="SigV4Verifier"/>); <see cref="SecretAccessKey"/>
/// can be changed (a rotated key: the client's signatures no longer match) and <see cref="Stall"/> makes it accept
/// requests and never answer.
/// </summary>
public sealed class FakeS3Server : IAsyncDisposable
{
    private static readonly XNamespace S3 = "http://s3.amazonaws.com/doc/2006-03-01/";
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, StoredObject>> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<S3Request> _requests = new();
    private volatile CancellationTokenSource? _stall;
    private WebApplication _app = null!;

    private FakeS3Server(string accessKeyId, string secretAccessKey, string region)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        Region = region;
    }

    public string Url { get; private set; } = "";

    public string AccessKeyId { get; }

    /// <summary>The secret requests must be signed with; change it to make the client's key wrong.</summary>
    public string SecretAccessKey { get; set; }

    public string Region { get; }

    /// <summary>Every request that reached the server: what it asked and with which key id, and how it was answered.</summary>
    public IReadOnlyList<S3Request> Requests => [.. _requests];

    public sealed record S3Request(string Method, string Operation, string Bucket, string? Key, string Query, string? KeyId, int Status);

    public static async Task<FakeS3Server> StartAsync(string accessKeyId, string secretAccessKey, string region = "us-east-1")
    {
        var server = new FakeS3Server(accessKeyId, secretAccessKey, region);
        (server._app, server.Url) = await LoopbackServer.StartAsync(app => app.Run(server.HandleAsync));
        return server;
    }

    public void CreateBucket(string bucket) => _ = _buckets.TryAdd(bucket, new(StringComparer.Ordinal));

    /// <summary>Stores (or replaces) an object; its ETag is the MD5 of the bytes and Last-Modified is now.</summary>
    public string Put(string bucket, string key, string content, string contentType = "text/markdown")
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var etag = $"\"{Convert.ToHexStringLower(MD5.HashData(bytes))}\"";
        _buckets.GetOrAdd(bucket, _ => new(StringComparer.Ordinal))[key] = new StoredObject(bytes, etag, contentType, TruncatedNow());
        return etag;
    }

    public bool Delete(string bucket, string key) => _buckets.TryGetValue(bucket, out var objects) && objects.TryRemove(key, out _);

    /// <summary>From now on requests are accepted and never answered, until the returned handle is disposed.</summary>
    public IDisposable Stall()
    {
        var stall = new CancellationTokenSource();
        _stall = stall;
        return new Release(() =>
        {
            _stall = null;
            stall.Cancel(); // not disposed: a request arriving now may still link to its token
        });
    }

    public async ValueTask DisposeAsync()
    {
        _stall?.Cancel();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var (bucket, key) = Target(context);
        var operation = request.Method switch
        {
            "GET" when key is null && request.Query["list-type"] == "2" => "ListObjectsV2",
            "GET" when key is not null => "GetObject",
            "HEAD" when key is not null => "HeadObject",
            _ => $"{request.Method} (not implemented here)",
        };

        if (_stall is { } stall)
        {
            try
            {
                using var stalled = CancellationTokenSource.CreateLinkedTokenSource(stall.Token, context.RequestAborted);
                await Task.Delay(Timeout.Infinite, stalled.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        var failure = SigV4Verifier.Verify(request, AccessKeyId, SecretAccessKey, Region, out var keyId);
        int status;
        if (failure is not null)
        {
            status = await ErrorAsync(context, failure.Status, failure.Code, failure.Message);
        }
        else if (bucket.Length == 0 || !_buckets.TryGetValue(bucket, out var objects))
        {
            status = await ErrorAsync(context, HttpStatusCode.NotFound, "NoSuchBucket", "The specified bucket does not exist");
        }
        else
        {
            status = operation switch
            {
                "ListObjectsV2" => await ListAsync(context, bucket, objects),
                "GetObject" or "HeadObject" => await ObjectAsync(context, objects, key!),
                _ => await ErrorAsync(context, HttpStatusCode.NotImplemented, "NotImplemented", "A header or query you provided implies functionality that is not implemented."),
            };
        }

        _requests.Enqueue(new S3Request(request.Method, operation, bucket, key, request.QueryString.Value ?? "", keyId, status));
    }

    /// <summary>Path-style: <c>/{bucket}</c> or <c>/{bucket}/{key}</c>, the key percent-decoded.</summary>
    private static (string Bucket, string? Key) Target(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToUriComponent();
        var path = raw.Split('?', 2)[0].TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (Uri.UnescapeDataString(path), null)
            : (Uri.UnescapeDataString(path[..slash]), slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]));
    }

    private static async Task<int> ListAsync(HttpContext context, string bucket, ConcurrentDictionary<string, StoredObject> objects)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var maxKeys = int.TryParse(query["max-keys"], out var max) ? Math.Clamp(max, 0, 1000) : 1000;
        var continuation = query["continuation-token"].ToString();
        var startAfter = continuation.Length > 0 ? Encoding.UTF8.GetString(Convert.FromBase64String(continuation)) : query["start-after"].ToString();
        var urlEncoded = query["encoding-type"] == "url";
        var matching = objects.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(o.Key, startAfter) > 0)
            .OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
        var page = matching.Take(maxKeys).ToList();
        var truncated = matching.Count > page.Count;
        string Name(string value) => urlEncoded ? Uri.EscapeDataString(value) : value;

        var result = new XElement(S3 + "ListBucketResult",
            new XElement(S3 + "Name", bucket),
            new XElement(S3 + "Prefix", Name(prefix)),
            new XElement(S3 + "KeyCount", page.Count),
            new XElement(S3 + "MaxKeys", maxKeys),
            urlEncoded ? new XElement(S3 + "EncodingType", "url") : null,
            new XElement(S3 + "IsTruncated", truncated ? "true" : "false"),
            continuation.Length > 0 ? new XElement(S3 + "ContinuationToken", continuation) : null,
            truncated ? new XElement(S3 + "NextContinuationToken", Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].Key))) : null,
            page.Select(o => new XElement(S3 + "Contents",
                new XElement(S3 + "Key", Name(o.Key)),
                new XElement(S3 + "LastModified", SigV4Verifier.IsoTime(o.Value.LastModified)),
                new XElement(S3 + "ETag", o.Value.ETag),
                new XElement(S3 + "Size", o.Value.Content.Length),
                new XElement(S3 + "StorageClass", "STANDARD"))));
        await WriteXmlAsync(context, HttpStatusCode.OK, result);
        return StatusCodes.Status200OK;
    }

    private static async Task<int> ObjectAsync(HttpContext context, ConcurrentDictionary<string, StoredObject> objects, string key)
    {
        if (!objects.TryGetValue(key, out var stored))
        {
            return await ErrorAsync(context, HttpStatusCode.NotFound, "NoSuchKey", "The specified key does not exist.");
        }

        var response = context.Response;
        response.Headers.ETag = stored.ETag;
        response.Headers.LastModified = stored.LastModified.ToString("R");
        response.Headers.AcceptRanges = "bytes";
        response.Headers["x-amz-request-id"] = Guid.NewGuid().ToString("N")[..16].ToUpperInvariant();
        response.ContentType = stored.ContentType;
        response.ContentLength = stored.Content.Length;
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await response.Body.WriteAsync(stored.Content);
        }

        return StatusCodes.Status200OK;
    }

    private static async Task<int> ErrorAsync(HttpContext context, HttpStatusCode status, string code, string message)
    {
        var error = new XElement("Error",
            new XElement("Code", code),
            new XElement("Message", message),
            new XElement("Resource", context.Request.Path.Value),
            new XElement("RequestId", Guid.NewGuid().ToString("N")[..16].ToUpperInvariant()));
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = (int)status;
            return (int)status;
        }

        await WriteXmlAsync(context, status, error);
        return (int)status;
    }

    private static async Task WriteXmlAsync(HttpContext context, HttpStatusCode status, XElement body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/xml";
        await context.Response.WriteAsync(new XDocument(new XDeclaration("1.0", "UTF-8", null), body).Declaration + body.ToString(SaveOptions.DisableFormatting));
    }

    /// <summary>HTTP dates have whole seconds.</summary>
    private static DateTimeOffset TruncatedNow()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }

    private sealed record StoredObject(byte[] Content, string ETag, string ContentType, DateTimeOffset LastModified);

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
