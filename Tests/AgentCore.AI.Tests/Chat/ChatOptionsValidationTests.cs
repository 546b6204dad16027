using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using Switchboard.AgentCore.AI.Tests.Support;

namespace Switchboard.AgentCore.AI.Tests.Chat;

/// <summary>Misconfiguration stops the host at start-up with a message naming the setting.</summary>
public sealed class ChatOptionsValidationTests
{
    private static async Task<string> StartFailure(Dictionary<string, string?> settings, bool withExtractive = false)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            AiHost.StartAsync(settings, withExtractive ? _ => new FixedAnswerChatClient("x") : null));
        return error.Message;
    }

    [Fact]
    public async Task Unknown_provider_names_the_setting_and_the_allowed_values()
    {
        var message = await StartFailure(new() { ["AI:Chat:Provider"] = "Gemini" }, withExtractive: true);

        Assert.Contains("AI:Chat:Provider 'Gemini'", message);
        Assert.Contains("Extractive, OpenAI, AzureOpenAI, Ollama, Anthropic", message);
    }

    [Fact]
    public async Task OpenAI_without_a_key_names_AI_Chat_ApiKey()
    {
        var message = await StartFailure(new() { ["AI:Chat:Provider"] = "OpenAI", ["AI:Chat:Model"] = "gpt-4o-mini" });

        Assert.Contains("AI:Chat:ApiKey is required when AI:Chat:Provider is OpenAI", message);
        Assert.Contains("AI__Chat__ApiKey", message);
    }

    [Fact]
    public async Task AzureOpenAI_names_each_missing_setting()
    {
        var message = await StartFailure(new() { ["AI:Chat:Provider"] = "azureopenai" });

        Assert.Contains("AI:Chat:Endpoint is required", message);
        Assert.Contains("AI:Chat:ApiKey is required", message);
        Assert.Contains("AI:Chat:Deployment is required", message);
    }

    [Fact]
    public async Task AzureOpenAI_with_an_unknown_api_version_names_AI_Chat_ApiVersion()
    {
        var message = await StartFailure(new()
        {
            ["AI:Chat:Provider"] = "AzureOpenAI", ["AI:Chat:Endpoint"] = "https://x.openai.azure.com/", ["AI:Chat:ApiKey"] = "k",
            ["AI:Chat:Deployment"] = "d", ["AI:Chat:ApiVersion"] = "1999-01-01",
        });

        Assert.Contains("AI:Chat:ApiVersion '1999-01-01'", message);
        Assert.Contains("2024-10-21", message);
    }

    [Fact]
    public async Task Anthropic_without_a_key_names_AI_Chat_ApiKey()
    {
        var message = await StartFailure(new() { ["AI:Chat:Provider"] = "Anthropic", ["AI:Chat:Model"] = "claude-sonnet-4-5" });

        Assert.Contains("AI:Chat:ApiKey is required when AI:Chat:Provider is Anthropic", message);
    }

    [Fact]
    public async Task A_bad_endpoint_is_named()
    {
        var message = await StartFailure(new() { ["AI:Chat:Provider"] = "Ollama", ["AI:Chat:Model"] = "llama3.2", ["AI:Chat:Endpoint"] = "localhost:11434" });

        Assert.Contains("AI:Chat:Endpoint 'localhost:11434' is not an absolute http(s) URL", message);
    }

    [Fact]
    public async Task Extractive_without_an_answerer_fails_naming_the_provider_setting()
    {
        var message = await StartFailure([]);

        Assert.Contains("AI:Chat:Provider is Extractive (the default), but this service has no extractive answerer", message);
    }

    [Fact]
    public async Task Ollama_without_an_endpoint_uses_the_local_default()
    {
        using var host = await AiHost.StartAsync(new() { ["AI:Chat:Provider"] = "Ollama", ["AI:Chat:Model"] = "llama3.2" });

        var ollama = host.ChatClient().GetService<OllamaApiClient>();

        Assert.NotNull(ollama);
        Assert.Equal(new Uri("http://localhost:11434/"), ollama.Uri);
    }

    [Fact]
    public async Task A_negative_price_is_named()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AiHost.StartAsync(
            new() { ["AI:Pricing:gpt-4o-mini:InputPerMillion"] = "-1" }, _ => new FixedAnswerChatClient("x")));

        Assert.Contains("AI:Pricing:gpt-4o-mini:InputPerMillion must not be negative", error.Message);
    }
}
