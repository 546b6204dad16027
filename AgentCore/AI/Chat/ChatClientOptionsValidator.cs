using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat.Providers;

namespace Switchboard.AgentCore.AI.Chat;

/// <summary>
/// Checks <c>AI:Chat</c> at start-up so a misconfigured service stops before it takes traffic, with a message naming the
/// setting to fix, instead of failing on the first question.
/// </summary>
public sealed class ChatClientOptionsValidator(bool extractiveAvailable) : IValidateOptions<ChatClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatClientOptions options)
    {
        var errors = new List<string>();
        var provider = ChatProviders.Normalize(options.Provider);
        if (provider is null)
        {
            errors.Add($"AI:Chat:Provider '{options.Provider}' is not supported; the allowed values are: {string.Join(", ", ChatProviders.All)}.");
            return ValidateOptionsResult.Fail(errors);
        }

        switch (provider)
        {
            case ChatProviders.Extractive when !extractiveAvailable:
                errors.Add("AI:Chat:Provider is Extractive (the default), but this service has no extractive answerer; "
                    + $"set AI:Chat:Provider to one of {string.Join(", ", ChatProviders.All.Skip(1))}.");
                break;
            case ChatProviders.OpenAI:
                Require(options.ApiKey, "AI:Chat:ApiKey", provider, errors);
                Require(options.Model, "AI:Chat:Model", provider, errors);
                OptionalUri(options.Endpoint, errors);
                break;
            case ChatProviders.AzureOpenAI:
                Require(options.Endpoint, "AI:Chat:Endpoint", provider, errors);
                Require(options.ApiKey, "AI:Chat:ApiKey", provider, errors);
                Require(options.Deployment, "AI:Chat:Deployment", provider, errors);
                OptionalUri(options.Endpoint, errors);
                if (options.ApiVersion is { Length: > 0 } version && !AzureOpenAIApiVersions.TryParse(version, out _))
                {
                    errors.Add($"AI:Chat:ApiVersion '{version}' is not supported by this build; use one of: {string.Join(", ", AzureOpenAIApiVersions.Supported)}.");
                }

                break;
            case ChatProviders.Ollama:
                Require(options.Model, "AI:Chat:Model", provider, errors);
                OptionalUri(options.Endpoint, errors);
                break;
            case ChatProviders.Anthropic:
                Require(options.ApiKey, "AI:Chat:ApiKey", provider, errors);
                Require(options.Model, "AI:Chat:Model", provider, errors);
                OptionalUri(options.Endpoint, errors);
                break;
        }

        if (options.MaxOutputTokens is <= 0)
        {
            errors.Add("AI:Chat:MaxOutputTokens must be greater than 0.");
        }

        if (options.Temperature is < 0 or > 2)
        {
            errors.Add("AI:Chat:Temperature must be between 0 and 2.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            errors.Add("AI:Chat:Timeout must be a positive time span, e.g. 00:01:40.");
        }

        if (options.Cache.Enabled && options.Cache.Ttl <= TimeSpan.Zero)
        {
            errors.Add("AI:Chat:Cache:Ttl must be a positive time span, e.g. 01:00:00.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(string? value, string key, string provider, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            errors.Add($"{key} is required when AI:Chat:Provider is {provider} (environment variable {variable}).");
        }
    }

    private static void OptionalUri(string? value, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(value)
            && (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"AI:Chat:Endpoint '{value}' is not an absolute http(s) URL.");
        }
    }
}
