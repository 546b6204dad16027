using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RouterAgent.Rewriting;

/// <summary>
/// Rewrites a follow-up with the configured model (structured output, the router-rewrite prompt with the session's
/// recent turns). No turns, no model call: a first question stands alone. When the call fails or the reply is not a
/// usable question, the deterministic <see cref="RuleBasedQuestionRewriter"/> decides, so rewriting never blocks routing.
/// </summary>
public sealed partial class LlmQuestionRewriter(
    IChatClient chat, PromptLibrary prompts, RuleBasedQuestionRewriter fallback, ILogger<LlmQuestionRewriter> logger) : IQuestionRewriter
{
    /// <summary>The model sees only the most recent turns: enough for a follow-up, bounded in tokens.</summary>
    private const int MaxTurns = 5;

    private const int MaxAnswerChars = 600;
    private const int MaxQuestionChars = Limits.MaxQuestionLength;

    public async Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        if (history.Count == 0)
        {
            return await fallback.RewriteAsync(question, history, cancellationToken);
        }

        var template = prompts.Get(PromptNames.RouterRewrite);
        PromptTelemetry.Tag(template);
        var instructions = template.Render(new Dictionary<string, string> { ["turns"] = Format(history) });
        try
        {
            var response = await chat.GetResponseAsync<StandaloneQuestion>(
                [new ChatMessage(ChatRole.User, question)],
                new ChatOptions { Instructions = instructions, Temperature = 0 },
                cancellationToken: cancellationToken);
            if (response.TryGetResult(out var result) && result?.Question is { } rewritten
                && !string.IsNullOrWhiteSpace(rewritten) && rewritten.Length <= MaxQuestionChars)
            {
                Activity.Current?.SetTag("switchboard.router.rewriter", "llm");
                return RuleBasedQuestionRewriter.Rewrite(rewritten, previous: null);
            }

            LogFallback("the reply is not the expected JSON");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: provider messages can echo the request.
            LogFallback(ex.GetType().Name);
        }

        return await fallback.RewriteAsync(question, history, cancellationToken);
    }

    private static string Format(IReadOnlyList<ConversationTurn> history) =>
        string.Join('\n', history.TakeLast(MaxTurns).Select(turn =>
            $"User: {turn.Standalone}\nSwitchboard: {Truncate(turn.Answer ?? "(no answer)")}"));

    private static string Truncate(string text) => text.Length <= MaxAnswerChars ? text : text[..MaxAnswerChars] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Follow-up rewriting by the model failed ({Reason}); using the rule-based rewriter")]
    private partial void LogFallback(string reason);
}

/// <summary>The model's structured reply.</summary>
public sealed record StandaloneQuestion(string Question);
