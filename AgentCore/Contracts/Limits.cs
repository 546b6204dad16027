namespace Switchboard.AgentCore.Contracts;

/// <summary>
/// The input limits of Switchboard, declared once. The Gateway enforces them at the edge (400 or 413 ProblemDetails
/// naming the field and the limit; it may be configured lower, never higher); every agent keeps the same constant as a
/// defensive ceiling, so whatever the Gateway lets through an agent accepts and a larger request never came through it.
/// </summary>
public static class Limits
{
    /// <summary>Longest question, search query or rewritten question, in characters.</summary>
    public const int MaxQuestionLength = 4000;

    /// <summary>Smallest <c>topK</c> of an ask or a search.</summary>
    public const int MinTopK = 1;

    /// <summary>Largest <c>topK</c> of <c>POST /v1/ask</c>: the passages one answer is composed from.</summary>
    public const int MaxAskTopK = 20;

    /// <summary>Largest <c>topK</c> of <c>POST /v1/search</c>, and the ceiling of every retrieval request.</summary>
    public const int MaxSearchTopK = 50;

    /// <summary>Longest answer an agent scores or reviews, in characters.</summary>
    public const int MaxAnswerLength = 64_000;

    /// <summary>Most groups a caller may carry, and the longest group name.</summary>
    public const int MaxCallerGroups = 100;

    public const int MaxGroupNameLength = 256;

    /// <summary>Default largest <c>POST /v1/ask</c> body, in bytes (<c>Gateway:MaxAskBodyBytes</c>).</summary>
    public const long MaxAskBodyBytes = 64 * 1024;

    /// <summary>
    /// Default largest <c>POST /v1/chat/completions</c> body, in bytes (<c>Gateway:MaxChatBodyBytes</c>): larger than an
    /// ask, since OpenAI clients send the whole conversation with every question.
    /// </summary>
    public const long MaxChatBodyBytes = 1024 * 1024;

    /// <summary>Default largest uploaded document, in bytes (<c>Gateway:MaxUploadBytes</c>).</summary>
    public const long MaxUploadBytes = 20 * 1024 * 1024;
}
