using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Switchboard.AgentCore.AI.Prompts;

public static class PromptExtensions
{
    /// <summary>The configuration key of an optional directory of templates that replaces the embedded ones.</summary>
    public const string DirectoryKey = "AI:Prompts:Directory";

    /// <summary>
    /// Loads the prompt library now (while the host is built, so a missing or invalid template, or one of
    /// <paramref name="required"/> that is absent, stops the service at start naming it) and registers it.
    /// </summary>
    public static IHostApplicationBuilder AddPromptLibrary(this IHostApplicationBuilder builder, params string[] required)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var directory = builder.Configuration[DirectoryKey];
        var library = (string.IsNullOrWhiteSpace(directory) ? PromptLibrary.LoadEmbedded() : PromptLibrary.LoadFrom(directory)).Require(required);
        builder.Services.TryAddSingleton(library);
        return builder;
    }
}
