namespace Switchboard.AgentCore.AI.Chat;

/// <summary>The values <c>AI:Chat:Provider</c> accepts (compared case-insensitively).</summary>
public static class ChatProviders
{
    /// <summary>The built-in extractive answerer of the calling service: no model, no network (the default).</summary>
    public const string Extractive = "Extractive";
    public const string OpenAI = "OpenAI";
    public const string AzureOpenAI = "AzureOpenAI";
    public const string Ollama = "Ollama";
    public const string Anthropic = "Anthropic";

    public static readonly IReadOnlyList<string> All = [Extractive, OpenAI, AzureOpenAI, Ollama, Anthropic];

    /// <summary>The canonical spelling of <paramref name="provider"/>, or null when it is not a known provider.</summary>
    public static string? Normalize(string? provider) =>
        All.FirstOrDefault(p => string.Equals(p, provider?.Trim(), StringComparison.OrdinalIgnoreCase));
}
