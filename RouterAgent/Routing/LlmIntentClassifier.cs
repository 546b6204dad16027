using System.Diagnostics;
using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RouterAgent.Routing;

/// <summary>
/// Classifies with the configured model through structured output (<c>GetResponseAsync&lt;IntentClassification&gt;</c>,
/// a JSON schema response format) and the router-classify prompt listing the intents. Returns null, so the caller
/// falls back to the ML.NET model, when the call fails, the reply is not the schema's JSON, or the intent is not one
/// of <see cref="Intents.All"/>. The model's confidence is clamped to [0, 1].
/// </summary>
public sealed partial class LlmIntentClassifier(IChatClient chat, PromptLibrary prompts, ILogger<LlmIntentClassifier> logger)
{
    /// <summary>What each intent means, for the prompt.</summary>
    private static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Intents.Documents] = "a question the organisation's uploaded documents (reports, policies, tables) may answer",
        [Intents.UsageReport] = "a question about this service's own usage: questions asked, answers, tokens, costs, not-found rates, anything unusual (anomalies)",
        [Intents.Smalltalk] = "a greeting, thanks or chit-chat that asks for no information",
        [Intents.OutOfScope] = "a request unrelated to the documents or the service (general knowledge, tasks, opinions)",
    };

    public async Task<IntentPrediction?> ClassifyAsync(string question, CancellationToken cancellationToken)
    {
        var template = prompts.Get(PromptNames.RouterClassify);
        PromptTelemetry.Tag(template);
        var instructions = template.Render(new Dictionary<string, string>
        {
            ["intents"] = string.Join('\n', Intents.All.Select(i => $"- {i}: {Descriptions.GetValueOrDefault(i, i)}")),
        });

        try
        {
            var response = await chat.GetResponseAsync<IntentClassification>(
                [new ChatMessage(ChatRole.User, question)],
                new ChatOptions { Instructions = instructions, Temperature = 0 },
                cancellationToken: cancellationToken);
            if (!response.TryGetResult(out var result) || result is null)
            {
                LogFallback("the reply is not the expected JSON");
                return null;
            }

            var intent = Intents.All.FirstOrDefault(i => string.Equals(i, result.Intent?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (intent is null)
            {
                LogFallback("the reply names an unknown intent");
                return null;
            }

            var confidence = double.IsFinite(result.Confidence) ? Math.Clamp(result.Confidence, 0, 1) : 0;
            Activity.Current?.SetTag("switchboard.router.classifier", "llm");
            return new IntentPrediction(intent, confidence);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: provider messages can echo the request.
            LogFallback(ex.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM intent classification failed ({Reason}); using the ML.NET classifier")]
    private partial void LogFallback(string reason);
}
