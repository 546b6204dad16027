using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>
/// Fills a REST API's options from its OpenAPI document (<see cref="RestApiOptions.OpenApi"/>) after binding and before
/// validation, so everything downstream (validation with full keys, tool functions, question matching, the per-API
/// resilience pipeline) treats an OpenAPI-registered API exactly like a hand-configured one.
/// </summary>
internal sealed class OpenApiRestApiSetup(IConfiguration configuration) : IPostConfigureOptions<RestApiOptions>
{
    public void PostConfigure(string? name, RestApiOptions options)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrWhiteSpace(options.OpenApi))
        {
            return;
        }

        var key = $"{RestApiOptions.SectionName}:{name}:OpenApi";
        var path = Resolve(options.OpenApi);
        if (OpenApiToolDocument.Load(path, key, options.OpenApiErrors) is not { } document)
        {
            return;
        }

        options.BaseUrl ??= document.ServerUrl;
        // Citations and descriptions add " API" to the display name ("FX rates API"); most titles already end with it.
        options.DisplayName ??= document.Title is { } title && title.EndsWith(" API", StringComparison.OrdinalIgnoreCase)
            ? title[..^" API".Length]
            : document.Title;
        if (document.Auth is { } auth && options.Auth is { } configured && string.IsNullOrWhiteSpace(configured.Header))
        {
            // The secret is configured (never in the document); the document says where it goes.
            configured.Header = auth.Header;
            configured.Scheme ??= auth.Scheme;
        }

        foreach (var (operation, fromDocument) in document.Operations)
        {
            options.Operations.TryAdd(operation, fromDocument);
        }
    }

    private string Resolve(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        // Relative to the tools file that names it: the first configured file's directory holding it, else the app's.
        var candidates = ToolsExtensions.ConfigurationFiles(configuration)
            .Select(file => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path)))
            .Append(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path)))
            .ToList();
        return candidates.FirstOrDefault(File.Exists) ?? candidates[0];
    }
}
