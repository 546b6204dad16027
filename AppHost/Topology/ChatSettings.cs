using Aspire.Hosting.ApplicationModel;

namespace Switchboard.AppHost.Topology;

/// <summary>
/// The model the agents use (AgentCore/AI/README.md): <c>chat-provider</c> (Extractive by default, no model), and for
/// a hosted or local model the parameters <c>chat-model</c>, <c>chat-endpoint</c> and the secret <c>chat-api-key</c>,
/// which the dashboard asks for when they are not set.
/// </summary>
internal sealed class ChatSettings
{
    private readonly string _provider;
    private readonly IResourceBuilder<ParameterResource>? _model;
    private readonly IResourceBuilder<ParameterResource>? _endpoint;
    private readonly IResourceBuilder<ParameterResource>? _apiKey;

    private ChatSettings(string provider, IResourceBuilder<ParameterResource>? model, IResourceBuilder<ParameterResource>? endpoint, IResourceBuilder<ParameterResource>? apiKey)
    {
        _provider = provider;
        _model = model;
        _endpoint = endpoint;
        _apiKey = apiKey;
    }

    public static ChatSettings Add(IDistributedApplicationBuilder builder, AppHostSettings settings)
    {
        var provider = settings.ChatProvider;
        if (provider == "Extractive")
        {
            return new ChatSettings(provider, null, null, null);
        }

        var model = builder.AddParameter("chat-model").WithDescription($"The {provider} model (AI:Chat:Model).");
        var endpoint = provider is "AzureOpenAI" or "Ollama"
            ? builder.AddParameter("chat-endpoint").WithDescription($"The {provider} endpoint URL (AI:Chat:Endpoint).")
            : null;
        var apiKey = provider is "Ollama"
            ? null
            : builder.AddParameter("chat-api-key", secret: true).WithDescription($"The {provider} API key (AI:Chat:ApiKey).");
        return new ChatSettings(provider, model, endpoint, apiKey);
    }

    public void Apply(EnvironmentCallbackContext context)
    {
        context.EnvironmentVariables["AI__Chat__Provider"] = _provider;
        if (_model is not null)
        {
            context.EnvironmentVariables["AI__Chat__Model"] = _model.Resource;
        }

        if (_endpoint is not null)
        {
            context.EnvironmentVariables["AI__Chat__Endpoint"] = _endpoint.Resource;
        }

        if (_apiKey is not null)
        {
            context.EnvironmentVariables["AI__Chat__ApiKey"] = _apiKey.Resource;
        }
    }
}
