namespace Switchboard.Gateway.Asking;

/// <summary>
/// What a question brings besides its <see cref="AgentCore.Contracts.AskRequest"/>, for the Gateway's other front doors:
/// the OpenAI-compatible chat (a conversation the client keeps itself) and the streaming <c>POST /v1/ask</c> (progress).
/// </summary>
public sealed class AskContext
{
    /// <summary>
    /// The earlier user questions of a conversation the client sent with the question, oldest first and not yet screened.
    /// When set, it replaces the session memory as the router's history (each is screened first).
    /// </summary>
    public IReadOnlyList<string>? Conversation { get; init; }

    /// <summary>Told as each stage of the question starts. Called on the orchestrating task: it must not block.</summary>
    public Action<AskStage>? OnStage { get; init; }
}

/// <summary>A stage of one question as a streaming client sees it: <c>screen</c>, <c>history</c>, <c>route</c>,
/// <c>cache</c>, <c>answer</c> (with the agents asked) and <c>review</c> (once per review pass).</summary>
public sealed record AskStage(string Stage, IReadOnlyList<string>? Agents = null)
{
    public const string Answer = "answer";
}

/// <summary>
/// The answer an endpoint produced for this request, set before its response is written, so what runs around the
/// endpoint (the budget filter) accounts for it whatever the response's form: JSON, an event stream or an OpenAI chat
/// completion.
/// </summary>
public sealed class AskOutcomeFeature(AgentCore.Contracts.AskResponse response)
{
    public AgentCore.Contracts.AskResponse Response { get; } = response;
}
