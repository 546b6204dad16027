using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RouterAgent.Rewriting;

public static class RewritingExtensions
{
    /// <summary>
    /// The follow-up rewriter: the deterministic <see cref="RuleBasedQuestionRewriter"/> by default; with a model
    /// configured (<c>AI:Chat:Provider</c> other than Extractive) the <see cref="LlmQuestionRewriter"/>, which falls back
    /// to the rule-based one. Call after the intent routing, which registers the configured chat client.
    /// </summary>
    public static IHostApplicationBuilder AddQuestionRewriting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RuleBasedQuestionRewriter>();
        var provider = builder.Configuration[$"{ChatClientOptions.SectionName}:{nameof(ChatClientOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(provider) || ChatProviders.Normalize(provider) == ChatProviders.Extractive)
        {
            builder.Services.AddSingleton<IQuestionRewriter>(sp => sp.GetRequiredService<RuleBasedQuestionRewriter>());
            return builder;
        }

        builder.AddPromptLibrary(PromptNames.RouterRewrite);
        builder.Services.AddSingleton<IQuestionRewriter, LlmQuestionRewriter>();
        return builder;
    }
}
