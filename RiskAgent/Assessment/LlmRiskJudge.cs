using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RiskAgent.Assessment;

/// <summary>
/// Asks the configured model, with the risk-judge prompt and structured output, how risky releasing the answer is.
/// Returns null (the rules' verdict stands) when the call fails or the reply is not a level.
/// </summary>
public sealed partial class LlmRiskJudge(
    IChatClient chat, PromptLibrary prompts, UsageCalculator usage, IOptions<ChatClientOptions> chatOptions, ILogger<LlmRiskJudge> logger)
{
    public const int MaxReasons = 5;

    public async Task<(string Level, IReadOnlyList<string> Reasons, AnswerUsage Usage)?> JudgeAsync(RiskRequest request, CancellationToken cancellationToken)
    {
        var template = prompts.Get(PromptNames.RiskJudge);
        PromptTelemetry.Tag(template);
        var instructions = template.Render(new Dictionary<string, string>
        {
            ["question"] = request.Question,
            ["answer"] = request.Answer,
            ["sources"] = (request.Citations ?? []).Count == 0
                ? "(none)"
                : string.Join('\n', request.Citations!.Select(c => $"[{c.Number}] {c.DocumentName}: {c.Snippet}")),
        });

        try
        {
            var response = await chat.GetResponseAsync<RiskJudgement>(
                [new ChatMessage(ChatRole.User, "Rate the risk of releasing this answer.")],
                new ChatOptions { Instructions = instructions, Temperature = 0 },
                cancellationToken: cancellationToken);
            var model = response.ModelId ?? ConfiguredChatClientExtensions.ConfiguredModel(chatOptions.Value, ChatProviders.Normalize(chatOptions.Value.Provider) ?? "");
            var cost = usage.Calculate(response.Usage, model);
            if (!response.TryGetResult(out var judgement) || judgement is null || RiskLevels.Rank(judgement.Level?.Trim().ToLowerInvariant()) < 0)
            {
                LogFallback("the reply is not a risk level");
                return null;
            }

            var reasons = (judgement.Reasons ?? [])
                .Where(r => !string.IsNullOrWhiteSpace(r))
                .Select(r => r.Trim().Length > 300 ? r.Trim()[..300] : r.Trim())
                .Take(MaxReasons)
                .ToList();
            return (judgement.Level!.Trim().ToLowerInvariant(), reasons, cost);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: provider messages can echo the request.
            LogFallback(ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM risk judge failed ({Reason}); keeping the rules' level")]
    private partial void LogFallback(string reason);
}
