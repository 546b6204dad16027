using Azure.AI.OpenAI;

namespace Switchboard.AgentCore.AI.Chat.Providers;

/// <summary>
/// Maps the <c>api-version</c> string Azure documents (<c>2024-10-21</c>, <c>2025-01-01-preview</c>) to the SDK's
/// <see cref="AzureOpenAIClientOptions.ServiceVersion"/>, which is how Azure.AI.OpenAI takes it.
/// </summary>
public static class AzureOpenAIApiVersions
{
    public static IReadOnlyList<string> Supported { get; } =
        Enum.GetNames<AzureOpenAIClientOptions.ServiceVersion>().Select(ToApiVersion).ToArray();

    public static bool TryParse(string apiVersion, out AzureOpenAIClientOptions.ServiceVersion version)
    {
        var name = "V" + apiVersion.Trim().Replace('-', '_');
        return Enum.TryParse(name, ignoreCase: true, out version) && Enum.IsDefined(version);
    }

    private static string ToApiVersion(string enumName) => enumName[1..].Replace('_', '-').ToLowerInvariant();
}
