using System.Globalization;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.AgentCore.Tools.Answering;

/// <summary>
/// Answers a question from a REST tool without an LLM: <see cref="ToolQuestionMatcher"/> picks the operation, the
/// connector calls it, and the result becomes an <see cref="AgentAnswer"/> in the shape the ComplianceAgent reviews:
/// one sentence with the values and <c>[1]</c>, one citation naming the API, and one context that restates the
/// sentence word for word (so every content word and number of the sentence is found in what it cites).
/// </summary>
public sealed class ToolAnswerer(ToolQuestionMatcher matcher, IRestApiConnector connector)
{
    /// <summary>The <see cref="AgentAnswer.Agent"/> value unless the caller names itself.</summary>
    public const string DefaultAgentName = "tools";

    /// <summary>
    /// Null when no tool pattern matches the question (ask another agent). An answer with status <c>answered</c> when
    /// the API returned the values, <c>not_found</c> when it has nothing for the arguments (404/400/422).
    /// </summary>
    /// <exception cref="ToolCallException">The API is unavailable right now (rate limited, circuit open, queue full,
    /// timeout, outage); <see cref="ToolCallException.IsTransient"/> is true. The caller decides: 503, or documents.</exception>
    public async Task<AgentAnswer?> TryAnswerAsync(string question, string agent = DefaultAgentName, CancellationToken cancellationToken = default)
    {
        if (matcher.Match(question) is not { } match)
        {
            return null;
        }

        try
        {
            var result = await connector.CallAsync(match.Api.Name, match.Operation.Name, match.Arguments, cancellationToken);
            return Render(result, match.Operation, agent);
        }
        catch (ToolCallException ex) when (ex.Failure is ToolFailure.NotFound or ToolFailure.InvalidArguments)
        {
            var asked = string.Join(", ", match.Arguments.Values.Where(v => !string.IsNullOrWhiteSpace(v)));
            return new AgentAnswer(agent, AnswerStatus.NotFound,
                $"The {match.Api.DisplayName} API has no result for {asked}.", [], []);
        }
    }

    /// <summary>Builds the reviewed answer shape from a tool result (also usable after an LLM-chosen tool call).</summary>
    public static AgentAnswer Render(ToolResult result, OperationDefinition operation, string agent = DefaultAgentName)
    {
        var sentence = Sentence(result, operation);
        var values = string.Join("; ", result.Values.Select(v => $"{v.Key}: {v.Value}"));
        var source = $"{result.ApiName} API";
        var citation = new Citation(
            Number: 1,
            DocumentId: $"api:{result.Api}/{result.Operation}",
            DocumentName: source,
            Page: null,
            Row: null,
            ChunkId: result.RequestPath,
            Snippet: $"{result.Citation} — {values}",
            Score: 1);
        var retrieved = result.RetrievedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var context = new AnswerContext(1, source,
            $"{sentence} {result.Citation}. Values: {values}. Retrieved {retrieved} from {result.RequestUrl}.");
        return new AgentAnswer(agent, AnswerStatus.Answered, $"{sentence} [1]", [citation], [context]);
    }

    private static string Sentence(ToolResult result, OperationDefinition operation)
    {
        string? Lookup(string name) =>
            result.Values.TryGetValue(name, out var v) ? v : result.Arguments.TryGetValue(name, out var a) ? a : null;

        var text = operation.Answer is { } template
            ? template.Render(Lookup).Trim()
            : $"According to the {result.ApiName} API, " + string.Join(", ", result.Values.Select(v => $"{v.Key} is {v.Value}"));
        return text.EndsWith('.') || text.EndsWith('!') || text.EndsWith('?') ? text : text + ".";
    }
}
