using System.Net;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// Qdrant rejected a request (or could not be reached). <see cref="QdrantError"/> is the <c>status.error</c> text of
/// Qdrant's <c>ErrorResponse</c> (or the raw body when it is not JSON), kept so callers and ProblemDetails can show it.
/// </summary>
public sealed class QdrantException : Exception
{
    public QdrantException(string operation, HttpStatusCode? statusCode, string? qdrantError, Exception? inner = null)
        : base(Describe(operation, statusCode, qdrantError), inner)
    {
        Operation = operation;
        StatusCode = statusCode;
        QdrantError = qdrantError;
    }

    public QdrantException()
        : this("request", null, null)
    {
    }

    public QdrantException(string message)
        : this(message, null, null)
    {
    }

    public QdrantException(string message, Exception inner)
        : this(message, null, null, inner)
    {
    }

    public string Operation { get; } = "";

    /// <summary>Null when no response arrived (connection error, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    public string? QdrantError { get; }

    private static string Describe(string operation, HttpStatusCode? status, string? error) =>
        status is null
            ? $"Qdrant {operation} failed: {error ?? "no response"}"
            : $"Qdrant {operation} failed with {(int)status} {status}: {error ?? "(empty body)"}";
}
