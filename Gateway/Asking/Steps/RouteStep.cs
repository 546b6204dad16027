using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The RouterAgent classifies the screened question with its history and plans the agents; smalltalk and out-of-scope
/// questions end here. The agents are asked the router's standalone rewrite of a follow-up.
/// </summary>
public sealed class RouteStep(RouterClient router, IEnumerable<IAnsweringAgent> answeringAgents, ILogger<RouteStep> logger) : IAskStep
{
    private readonly Dictionary<string, IAnsweringAgent> _agents =
        answeringAgents.ToDictionary(agent => agent.Name, StringComparer.OrdinalIgnoreCase);

    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        var routeRequest = new RouteRequest(run.ScreenedQuestion, run.Turns.Select(t => t.Question).ToList()) { Turns = run.Turns };
        var route = await run.Timings.TimeAsync("route", () => router.RouteAsync(routeRequest, cancellationToken));
        run.Route = route;
        if (route.Intent == Intents.Smalltalk)
        {
            return new AskOutcome(AnswerStatus.Answered, AnswerSentences.Smalltalk);
        }

        if (route.Intent == Intents.OutOfScope || route.Agents.Count == 0)
        {
            return new AskOutcome(AnswerStatus.NotFound, AnswerSentences.OutOfScope);
        }

        run.Planned = Plan(route);
        if (run.Planned.Count == 0)
        {
            return new AskOutcome(AnswerStatus.NotFound, AnswerSentences.NothingFound);
        }

        run.AgentQuestion = string.IsNullOrWhiteSpace(route.RewrittenQuestion) ? run.ScreenedQuestion : route.RewrittenQuestion;
        return null;
    }

    private List<IAnsweringAgent> Plan(RouteDecision route)
    {
        var planned = new List<IAnsweringAgent>();
        foreach (var name in route.Agents.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_agents.TryGetValue(name, out var agent))
            {
                planned.Add(agent);
            }
            else
            {
                logger.LogWarning("Route plan names unknown agent {Agent}; skipping it", name);
            }
        }

        return planned;
    }
}
