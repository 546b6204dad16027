using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RouterAgent.Routing;

/// <summary>Turns a classification into a route decision: the intent to act on, the agents to call, the question to send.</summary>
public sealed partial class RoutePlanner(IOptions<RouterOptions> options)
{
    private static readonly Counter<long> Routes = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.router.routes", "{route}", "Questions routed, by intent and whether the low-confidence fallback applied");

    /// <param name="question">The standalone question (a follow-up already rewritten).</param>
    public RouteDecision Plan(string question, IntentPrediction prediction)
    {
        var intent = prediction.Intent;
        var fallback = false;

        // Safety rule: smalltalk and out_of_scope lead to no agent at all, i.e. a refusal or canned reply. When the
        // classifier is not sure of them, send the question to documents instead: the RetrievalAgent then decides
        // "not found" from the evidence. A needless search is cheaper than wrongly refusing a real question.
        if (intent is Intents.OutOfScope or Intents.Smalltalk && prediction.Confidence < options.Value.MinConfidence)
        {
            intent = Intents.Documents;
            fallback = true;
        }

        // An out-of-scope verdict the classifier is not very sure of is checked against the corpus: the question goes to
        // documents, and the RetrievalAgent's evidence gate and answer verification say not_found when the corpus does
        // not hold it (the evidence is passed along, not fetched by a second call).
        if (intent == Intents.OutOfScope && prediction.Confidence < options.Value.MinOutOfScopeConfidence)
        {
            intent = Intents.Documents;
            fallback = true;
        }

        // A specialist intent needs its own vocabulary (IntentEvidence): without it the classifier matched the form of
        // the question ("How many ..."), not its subject.
        if ((intent == Intents.UsageReport && !IntentEvidence.HasUsageVocabulary(question))
            || (intent == Intents.Smalltalk && !IntentEvidence.HasSmalltalkVocabulary(question)))
        {
            intent = Intents.Documents;
            fallback = true;
        }

        Routes.Add(1, new KeyValuePair<string, object?>("intent", intent), new KeyValuePair<string, object?>("fallback", fallback));
        return new RouteDecision(intent, prediction.Confidence, AgentsFor(intent), NormalizeWhitespace(question));
    }

    public static IReadOnlyList<string> AgentsFor(string intent) => intent switch
    {
        Intents.Documents => [AgentNames.Retrieval],
        Intents.UsageReport => [AgentNames.Reporting],
        _ => [],
    };

    /// <summary>Collapses runs of whitespace (newlines, tabs) to one space and trims.</summary>
    public static string NormalizeWhitespace(string question) => Whitespace().Replace(question, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
