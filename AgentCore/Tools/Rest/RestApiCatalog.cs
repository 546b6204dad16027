using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>The configured APIs by name, each compiled once (options were validated at start-up).</summary>
public sealed class RestApiCatalog(IReadOnlyList<string> names, IOptionsMonitor<RestApiOptions> options)
{
    private readonly ConcurrentDictionary<string, RestApiDefinition> _definitions = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> Names { get; } = names;

    public bool Contains(string api) => Names.Contains(api, StringComparer.OrdinalIgnoreCase);

    public RestApiDefinition Get(string api)
    {
        if (!Contains(api))
        {
            throw new ArgumentException($"No REST API '{api}' is configured under {RestApiOptions.SectionName}.", nameof(api));
        }

        return _definitions.GetOrAdd(api, name =>
        {
            var errors = new List<string>();
            return RestApiDefinition.Compile(name, options.Get(name), errors)
                ?? throw new OptionsValidationException(name, typeof(RestApiOptions), errors);
        });
    }

    public IEnumerable<RestApiDefinition> All() => Names.Select(Get);
}
