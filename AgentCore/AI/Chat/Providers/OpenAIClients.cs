using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using OpenAI;

namespace Switchboard.AgentCore.AI.Chat.Providers;

/// <summary>
/// Builds OpenAI and Azure OpenAI SDK clients that send through a factory-made <see cref="HttpClient"/> (whose
/// resilience handler retries) with the SDK's own retry policy off, so a 429 is not retried by two layers at once.
/// </summary>
public static class OpenAIClients
{
    public static OpenAIClient CreateOpenAI(HttpClient httpClient, string apiKey, string? endpoint, TimeSpan networkTimeout)
    {
        var options = new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout,
        };
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            options.Endpoint = new Uri(endpoint);
        }

        return new OpenAIClient(new ApiKeyCredential(apiKey), options);
    }

    public static AzureOpenAIClient CreateAzure(HttpClient httpClient, string endpoint, string apiKey, string? apiVersion, TimeSpan networkTimeout)
    {
        var options = apiVersion is { Length: > 0 } && AzureOpenAIApiVersions.TryParse(apiVersion, out var version)
            ? new AzureOpenAIClientOptions(version)
            : new AzureOpenAIClientOptions();
        options.Transport = new HttpClientPipelineTransport(httpClient);
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.NetworkTimeout = networkTimeout;

        // ApiKeyCredential makes the SDK send the key in the 'api-key' header Azure expects.
        return new AzureOpenAIClient(new Uri(endpoint), new ApiKeyCredential(apiKey), options);
    }
}
