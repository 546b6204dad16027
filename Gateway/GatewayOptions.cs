using System.ComponentModel.DataAnnotations;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway;

/// <summary>The Gateway's limits, bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Longest question accepted, in characters: <see cref="Limits.MaxQuestionLength"/>, or lower, never higher (the agents accept no more).</summary>
    [Range(1, Limits.MaxQuestionLength)]
    public int MaxQuestionLength { get; set; } = Limits.MaxQuestionLength;

    /// <summary>Largest <c>POST /v1/ask</c> body accepted, in bytes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxAskBodyBytes { get; set; } = Limits.MaxAskBodyBytes;

    /// <summary>
    /// Largest <c>POST /v1/chat/completions</c> body accepted, in bytes: larger than an ask, since OpenAI clients send the
    /// whole conversation with every question.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxChatBodyBytes { get; set; } = Limits.MaxChatBodyBytes;

    /// <summary>Largest uploaded document accepted, in bytes. Capped below the 128 MB multipart limit of ASP.NET Core's form reader.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = Limits.MaxUploadBytes;

    /// <summary>How long an answer stays retrievable through <c>GET /v1/ask/{id}</c>.</summary>
    public TimeSpan AnswerTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// The one deadline of every API request, from arrival to response, across every agent call it makes (each agent
    /// is told what is left in <c>Switchboard-Deadline-Ms</c>). Past it the client gets 504. A caller may ask for less
    /// with the same header, never for more. Uploads run without it. With a hosted model configured, raise it.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);
}
