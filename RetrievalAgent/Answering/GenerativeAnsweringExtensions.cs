using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RetrievalAgent.Answering;

public static class GenerativeAnsweringExtensions
{
    /// <summary>
    /// Chooses the answerer behind <c>POST /answer</c> and the <see cref="IChatClient"/> from <c>AI:Chat:Provider</c>.
    /// Extractive (the default, or unset): <c>POST /answer</c> stays on the <see cref="ExtractiveAnswerer"/> (corpus-wide
    /// evidence gate, access filters, quotes verified against the store), and the registered <see cref="IChatClient"/> is
    /// the <see cref="ExtractiveChatClient"/> inside the configured pipeline (request defaults, the Redis cache only when
    /// <c>AI:Chat:Cache:Enabled</c>, function invocation, OpenTelemetry, logging, usage accounting), for anything that
    /// asks for a chat client. Any other value: the configured chat client (<see cref="ConfiguredChatClientExtensions.AddConfiguredChatClient"/>,
    /// without an extractive factory, so its validation names a wrong provider or a missing key at start), the prompt
    /// library, a <see cref="ChatClientAgent"/> and the <see cref="GenerativeAnswerer"/>.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentAnswerer(this IHostApplicationBuilder builder)
    {
        var provider = builder.Configuration[$"{ChatClientOptions.SectionName}:{nameof(ChatClientOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(provider) || ChatProviders.Normalize(provider) == ChatProviders.Extractive)
        {
            builder.Services.AddSingleton<IDocumentAnswerer>(sp => sp.GetRequiredService<ExtractiveAnswerer>());
            builder.Services.AddSingleton<ExtractiveChatClient>();
            builder.AddConfiguredChatClient(sp => sp.GetRequiredService<ExtractiveChatClient>());
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
