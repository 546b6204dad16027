using Anthropic;
using Microsoft.Extensions.AI;
using OllamaSharp;

namespace Switchboard.AgentCore.AI.Chat.Providers;

/// <summary>Turns validated <see cref="ChatClientOptions"/> into the provider's raw <see cref="IChatClient"/> (no middleware).</summary>
public static class ChatProviderFactory
{
    /// <summary>Anthropic's API requires <c>max_tokens</c>; this is used when <c>AI:Chat:MaxOutputTokens</c> is unset.</summary>
    public const int DefaultAnthropicMaxOutputTokens = 1024;

    public static IChatClient Create(ChatClientOptions options, HttpClient httpClient)
    {
        var provider = ChatProviders.Normalize(options.Provider)
            ?? throw new InvalidOperationException($"AI:Chat:Provider '{options.Provider}' is not supported; the allowed values are: {string.Join(", ", ChatProviders.All)}.");
        return provider switch
        {
            ChatProviders.OpenAI => OpenAIClients
                .CreateOpenAI(httpClient, options.ApiKey!, options.Endpoint, options.Timeout)
                .GetChatClient(options.Model!)
                .AsIChatClient(),
            ChatProviders.AzureOpenAI => OpenAIClients
                .CreateAzure(httpClient, options.Endpoint!, options.ApiKey!, options.ApiVersion, options.Timeout)
                .GetChatClient(options.Deployment!)
                .AsIChatClient(),
            ChatProviders.Ollama => CreateOllama(httpClient, options.Endpoint, options.Model!),
            ChatProviders.Anthropic => CreateAnthropic(httpClient, options)
                .AsIChatClient(options.Model!, options.MaxOutputTokens ?? DefaultAnthropicMaxOutputTokens),
            _ => throw new InvalidOperationException(
                $"AI:Chat:Provider '{provider}' has no model client to build here; the Extractive answerer comes from the calling service."),
        };
    }

    /// <summary>An <see cref="OllamaApiClient"/> on <paramref name="httpClient"/>; it is both a chat client and an embedder.</summary>
    public static OllamaApiClient CreateOllama(HttpClient httpClient, string? endpoint, string model)
    {
        httpClient.BaseAddress = string.IsNullOrWhiteSpace(endpoint) ? ChatClientOptions.DefaultOllamaEndpoint : new Uri(endpoint);
        return new OllamaApiClient(httpClient, model);
    }

    private static AnthropicClient CreateAnthropic(HttpClient httpClient, ChatClientOptions options)
    {
        var clientOptions = new Anthropic.Core.ClientOptions
        {
            ApiKey = options.ApiKey!,
            HttpClient = httpClient,
            // The factory client's resilience handler retries (honouring Retry-After); the SDK's loop would double it.
            MaxRetries = 0,
            Timeout = options.Timeout,
        };
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.BaseUrl = options.Endpoint;
        }

        return new AnthropicClient(clientOptions);
    }
}
