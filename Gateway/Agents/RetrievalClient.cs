using System.Net;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The RetrievalAgent: answers from the ingested documents, and owns their removal.</summary>
public sealed class RetrievalClient(HttpClient http) : IAnsweringAgent
{
    public string Name => AgentNames.Retrieval;

    public async Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken) =>
        (await http.PostAsync<AgentAnswerRequest, AgentAnswer>(Name, "/answer", request, cancellationToken)).Validated(Name);

    /// <summary>The ranked chunks for a query, restricted by the request's filters and caller groups.</summary>
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var response = await http.PostAsync<SearchRequest, SearchResponse>(Name, "/search", request, cancellationToken);
        return response.Hits is null
            ? throw new AgentUnavailableException(Name, "the search response has no hits list")
            : response;
    }

    /// <summary>Removes a document's chunks and its catalog record.</summary>
    /// <returns><c>false</c> when the agent does not know the document.</returns>
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        var path = $"/documents/{Uri.EscapeDataString(documentId)}";
        try
        {
            using var response = await http.DeleteAsync(path, cancellationToken);
            return response.StatusCode switch
            {
                HttpStatusCode.NoContent or HttpStatusCode.OK => true,
                HttpStatusCode.NotFound => false,
                var status => throw new AgentUnavailableException(Name, $"DELETE /documents answered {(int)status}"),
            };
        }
        catch (Exception ex) when (AgentHttp.IsCallFailure(ex, cancellationToken))
        {
            throw new AgentUnavailableException(Name, $"DELETE /documents failed: {ex.GetType().Name}", ex);
        }
    }
}
