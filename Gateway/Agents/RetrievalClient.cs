using System.Net;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

/// <summary>The RetrievalAgent: answers from the ingested documents, and owns their removal.</summary>
public sealed class RetrievalClient(HttpClient http, AgentPipelines pipelines) : IAnsweringAgent
{
    private readonly AgentChannel _agent = pipelines.Channel(AgentNames.Retrieval, http);

    public string Name => AgentNames.Retrieval;

    public async Task<AgentAnswer> AnswerAsync(AgentAnswerRequest request, CancellationToken cancellationToken) =>
        (await _agent.PostAsync<AgentAnswerRequest, AgentAnswer>("/answer", request, cancellationToken)).Validated(Name);

    /// <summary>The ranked chunks for a query, restricted by the request's filters and caller groups.</summary>
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var response = await _agent.PostAsync<SearchRequest, SearchResponse>("/search", request, cancellationToken);
        return response.Hits is null
            ? throw new AgentUnavailableException(Name, "the search response has no hits list")
            : response;
    }

    /// <summary>Removes a document's chunks and its catalog record.</summary>
    /// <returns><c>false</c> when the agent does not know the document.</returns>
    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        var path = $"/documents/{Uri.EscapeDataString(documentId)}";
        using var response = await _agent.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), "DELETE /documents", cancellationToken);
        return response.StatusCode switch
        {
            HttpStatusCode.NoContent or HttpStatusCode.OK => true,
            HttpStatusCode.NotFound => false,
            _ => throw await _agent.FailureAsync("DELETE /documents", response, cancellationToken),
        };
    }
}
