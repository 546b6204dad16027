using Switchboard.AgentCore.AI.Usage;

namespace Switchboard.AgentCore.Contracts;

/// <summary>What the Gateway sends to an answering agent (<c>POST /answer</c> on Retrieval and Reporting).</summary>
/// <remarks>
/// <see cref="CallerGroups"/> are the groups the Gateway established for the caller. An agent only ever uses
/// documents the caller may read: a document without allowed groups is readable by everyone; one with allowed groups
/// only by callers in at least one of them. Null or empty means an anonymous caller.
/// </remarks>
public sealed record AgentAnswerRequest(
    string Question,
    int? TopK = null,
    SearchFilters? Filters = null,
    IReadOnlyList<string>? CallerGroups = null);

/// <summary>
/// An agent's answer. Sentences carry <c>[n]</c> markers that refer to <see cref="Citations"/> and
/// <see cref="Contexts"/> by number; the contexts are the full texts the reviewer checks the sentences against.
/// </summary>
public sealed record AgentAnswer(
    string Agent,
    string Status,
    string Answer,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<AnswerContext> Contexts)
{
    /// <summary>
    /// What producing the answer cost, when the agent ran a model and knows; null otherwise (the Gateway then estimates
    /// it from the question, the contexts and the answer text).
    /// </summary>
    public AnswerUsage? Usage { get; init; }

    /// <summary>The prompt template a model answered with; null when no model composed the answer (extractive, tools).</summary>
    public PromptReference? Prompt { get; init; }
}

/// <summary>The text behind citation number <see cref="Number"/>.</summary>
public sealed record AnswerContext(int Number, string Source, string Text);
