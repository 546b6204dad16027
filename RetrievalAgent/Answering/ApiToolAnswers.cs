using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Tools.Answering;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.RetrievalAgent.Answering;

/// <summary>
/// The RetrievalAgent answers from documents and from REST API tools (DESIGN.md §4). A question that a configured
/// operation recognises (e.g. "What is the EUR/USD rate?" with the sample FX connector) is answered from the live API
/// with a citation of it; every other question goes to the documents.
/// </summary>
internal sealed class ApiToolAnswers(ToolAnswerer tools, ILogger<ApiToolAnswers> logger)
{
    /// <returns>The tool's answer, or null when no tool recognises the question.</returns>
    /// <exception cref="ApiToolUnavailableException">A tool recognised the question but its API cannot answer now.</exception>
    public async Task<AgentAnswer?> TryAnswerAsync(string question, CancellationToken cancellationToken)
    {
        try
        {
            return await tools.TryAnswerAsync(question, AgentNames.Retrieval, cancellationToken);
        }
        catch (ToolCallException ex) when (ex.IsTransient)
        {
            // Not a "not found": the documents do not hold live rates, and a cached not_found would hide the outage.
            logger.LogWarning("API tool {Api}/{Operation} is unavailable ({Failure})", ex.Api, ex.Operation, ex.Failure);
            throw new ApiToolUnavailableException(ex);
        }
    }
}

internal sealed class ApiToolUnavailableException(ToolCallException inner)
    : Exception($"The {inner.Api} API is unavailable right now ({inner.Failure}); try again shortly.", inner)
{
    public TimeSpan? RetryAfter => inner.RetryAfter;
}
