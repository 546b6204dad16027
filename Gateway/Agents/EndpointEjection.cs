using System.Collections.Concurrent;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// Passive outlier ejection across an agent's replicas: an address that refused or dropped a connection is left out
/// for <see cref="EjectFor"/>, and a call that service discovery's round robin sends there goes to another known
/// replica instead. Without it, concurrent calls keep landing on a dead replica in turn, and a retry can meet it again.
/// The addresses are learned from the calls themselves, so this works with whatever discovery resolves (configured
/// replicas under the AppHost; one Service address in Kubernetes, where it simply has no alternative).
/// </summary>
public sealed class EndpointHealth(TimeProvider time)
{
    public static readonly TimeSpan EjectFor = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, long> _downUntil = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Uri>> _known = new(StringComparer.Ordinal);

    /// <summary>The address to call for <paramref name="agent"/> instead of <paramref name="chosen"/>: itself unless it is ejected and another is not.</summary>
    public Uri Route(string agent, Uri chosen)
    {
        var replicas = _known.GetOrAdd(agent, _ => new(StringComparer.OrdinalIgnoreCase));
        if (!replicas.ContainsKey(chosen.Authority))
        {
            replicas.TryAdd(chosen.Authority, new Uri(chosen.GetLeftPart(UriPartial.Authority)));
        }
        if (!IsEjected(chosen.Authority))
        {
            return chosen;
        }

        var healthy = replicas.Values.FirstOrDefault(r => !IsEjected(r.Authority));
        return healthy is null ? chosen : new UriBuilder(chosen) { Host = healthy.Host, Port = healthy.Port }.Uri;
    }

    public void Eject(Uri address) => _downUntil[address.Authority] = (time.GetUtcNow() + EjectFor).UtcTicks;

    public bool IsEjected(string authority) => _downUntil.TryGetValue(authority, out var until) && time.GetUtcNow().UtcTicks < until;
}

/// <summary>Sits after service discovery on an agent's client: routes around ejected replicas and ejects the ones that fail to connect.</summary>
internal sealed class EndpointEjectionHandler(EndpointHealth health, string agent) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } chosen)
        {
            request.RequestUri = health.Route(agent, chosen);
        }

        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException failure) when (request.RequestUri is { } target && AgentResilience.IsConnectionFailure(failure))
        {
            health.Eject(target);
            throw;
        }
    }
}

internal static class EndpointEjectionExtensions
{
    public static IHttpClientBuilder AddEndpointEjection(this IHttpClientBuilder client, string agent) =>
        client.AddHttpMessageHandler(services => new EndpointEjectionHandler(services.GetRequiredService<EndpointHealth>(), agent));
}
