using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ComplianceAgent.Review;

/// <summary>
/// Asks the configured model, with the compliance-judge prompt and structured output, whether each answer sentence is
/// supported by the contexts it cites. Returns null (the caller keeps the lexical verdict) when the call fails or the
/// reply does not give one verdict per sentence.
/// </summary>
public sealed partial class LlmGroundednessJudge(
    IChatClient chat, PromptLibrary prompts, UsageCalculator usage, IOptions<ChatClientOptions> chatOptions, ILogger<LlmGroundednessJudge> logger)
{
    public async Task<(IReadOnlyList<bool> Supported, AnswerUsage Usage)?> JudgeAsync(
        IReadOnlyList<AnswerSentence> sentences, IReadOnlyList<AnswerContext> contexts, CancellationToken cancellationToken)
    {
        var template = prompts.Get(PromptNames.ComplianceJudge);
        PromptTelemetry.Tag(template);
        var instructions = template.Render(new Dictionary<string, string>
        {
            ["contexts"] = PromptSources.Format(contexts.Select(c => new PromptSource(c.Number, c.Source, c.Text))),
            ["sentences"] = string.Join('\n', sentences.Select((s, i) =>
                $"{i + 1}. {s.Text} (cites: {(s.Cites.Count == 0 ? "none" : string.Join(", ", s.Cites.Select(n => $"[{n}]")))})")),
        });

        try
        {
            var response = await chat.GetResponseAsync<GroundednessJudgement>(
                [new ChatMessage(ChatRole.User, "Judge the answer sentences.")],
                new ChatOptions { Instructions = instructions, Temperature = 0 },
                cancellationToken: cancellationToken);
            var model = response.ModelId ?? ConfiguredChatClientExtensions.ConfiguredModel(chatOptions.Value, ChatProviders.Normalize(chatOptions.Value.Provider) ?? "");
            var cost = usage.Calculate(response.Usage, model);
            if (!response.TryGetResult(out var judgement) || judgement?.Sentences is not { } verdicts)
            {
                LogFallback("the reply is not the expected JSON");
                return null;
            }

            // Every sentence needs its own verdict; a missing one means the judge did not judge it, which is no pass.
            var byNumber = verdicts.Where(v => v is not null).GroupBy(v => v.Sentence).ToDictionary(g => g.Key, g => g.All(v => v.Supported));
            if (!Enumerable.Range(1, sentences.Count).All(byNumber.ContainsKey))
            {
                LogFallback("the reply does not judge every sentence");
                return null;
            }

            return (Enumerable.Range(1, sentences.Count).Select(n => byNumber[n]).ToList(), cost);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: provider messages can echo the request.
            LogFallback(ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM groundedness judge failed ({Reason}); keeping the lexical review")]
    private partial void LogFallback(string reason);
}
