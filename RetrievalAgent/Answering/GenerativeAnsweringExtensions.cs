using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RetrievalAgent.Answering;

public static class GenerativeAnsweringExtensions
{
    /// <summary>
    /// Chooses the answerer behind <c>POST /answer</c> from <c>AI:Chat:Provider</c>. Extractive (the default, or unset):
    /// the <see cref="ExtractiveAnswerer"/>, and no chat client is registered at all, so nothing model-related runs.
    /// Any other value: the configured chat client (<see cref="ConfiguredChatClientExtensions.AddConfiguredChatClient"/>,
    /// without an extractive factory, so its validation names a wrong provider or a missing key at start), the prompt
    /// library, a <see cref="ChatClientAgent"/> and the <see cref="GenerativeAnswerer"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentAnswerer(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{ChatClientOptions.SectionName}:{nameof(ChatClientOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(provider) || ChatProviders.Normalize(provider) == ChatProviders.Extractive)
        {
            builder.Services.AddSingleton<IDocumentAnswerer>(sp => sp.GetRequiredService<ExtractiveAnswerer>());
            return builder;
        }

        builder.AddConfiguredChatClient();
        builder.AddPromptLibrary(PromptNames.RetrievalAnswer);
        // The instructions are the rendered retrieval-answer prompt, given per run: they hold that question's sources.
        builder.Services.AddKeyedSingleton<AIAgent>(GenerativeAnswerer.AgentKey, (sp, _) => new ChatClientAgent(
            sp.GetRequiredService<IChatClient>(),
            new ChatClientAgentOptions { Name = "retrieval", Description = "Answers from the numbered sources it is given, citing them." },
            sp.GetRequiredService<ILoggerFactory>(),
            sp));
        builder.Services.AddSingleton<GenerativeAnswerer>();
        builder.Services.AddSingleton<IDocumentAnswerer>(sp => sp.GetRequiredService<GenerativeAnswerer>());
        return builder;
    }
}
