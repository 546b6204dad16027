using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Switchboard.RetrievalAgent.Store.Qdrant;

/// <summary>
/// A request Qdrant rejected becomes ProblemDetails with Qdrant's own error text (a 502: the agent's dependency
/// failed, not the caller's request; 503 when Qdrant could not be reached). The text is already logged by the client.
/// </summary>
internal sealed class QdrantExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not QdrantException qdrant)
        {
            return false;
        }

        var status = qdrant.StatusCode is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway;
        httpContext.Response.StatusCode = status;
        var details = new ProblemDetails
        {
            Status = status,
            Title = "The vector store rejected the request",
            Detail = qdrant.Message,
        };
        details.Extensions["qdrantStatus"] = qdrant.StatusCode is { } code ? (int)code : null;
        details.Extensions["qdrantError"] = qdrant.QdrantError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }
}
