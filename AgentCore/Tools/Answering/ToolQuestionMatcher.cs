using Switchboard.AgentCore.Tools.Rest;

namespace Switchboard.AgentCore.Tools.Answering;

/// <summary>A question matched to a tool: which API and operation, and the arguments its pattern yielded.</summary>
public sealed record ToolMatch(RestApiDefinition Api, OperationDefinition Operation, IReadOnlyDictionary<string, string?> Arguments);

/// <summary>
/// The deterministic (no-LLM) way to pick a tool: each operation's <c>QuestionPatterns</c> are tried in configuration
/// order, and the first pattern whose named groups give acceptable arguments wins. With an LLM, the model chooses from
/// <see cref="RestApiTools"/> instead.
/// </summary>
public sealed class ToolQuestionMatcher(RestApiCatalog catalog)
{
    public ToolMatch? Match(string question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        foreach (var api in catalog.All())
        {
            foreach (var operation in api.Operations.Values)
            {
                if (operation.MatchQuestion(question) is { } arguments)
                {
                    return new ToolMatch(api, operation, arguments);
                }
            }
        }

        return null;
    }
}
