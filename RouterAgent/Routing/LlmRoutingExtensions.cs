using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RouterAgent.Routing;

public static class LlmRoutingExtensions
{
    /// <summary>
    /// The <see cref="IntentPredictor"/>, and, when <c>AI:Chat:Provider</c> names a model (not Extractive, the default),
    /// the configured chat client, the prompt library and the <see cref="LlmIntentClassifier"/> in front of the ML.NET
    /// model. With the default nothing model-related is registered and routing is the ML.NET classifier's alone.
    /// </summary>
    public static IHostApplicationBuilder AddLlmIntentClassification(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{ChatClientOptions.SectionName}:{nameof(ChatClientOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(provider) || ChatProviders.Normalize(provider) == ChatProviders.Extractive)
        {
            builder.Services.AddSingleton(sp => new IntentPredictor(sp.GetRequiredService<IntentClassifier>()));
            return builder;
        }

        builder.AddConfiguredChatClient();
        builder.AddPromptLibrary(PromptNames.RouterClassify);
        builder.Services.AddSingleton<LlmIntentClassifier>();
        builder.Services.AddSingleton(sp => new IntentPredictor(sp.GetRequiredService<IntentClassifier>(), sp.GetRequiredService<LlmIntentClassifier>()));
        return builder;
    }
}
