using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Switchboard.AgentCore.Tools;

internal static class ResilienceHandlerRemoval
{
    /// <summary>
    /// Drops the resilience handlers this client inherited from <c>ConfigureHttpClientDefaults</c> (ServiceDefaults used
    /// to add the standard one to every client and no longer does; this keeps a host that adds one from stacking it).
    /// Handlers added after this call stay. The same as the package's <c>RemoveAllResilienceHandlers()</c>, which is still marked experimental (EXTEXP0001); this uses only the stable
    /// <c>ConfigureAdditionalHttpMessageHandlers</c>, which runs in registration order, after the defaults.
    /// </summary>
    public static IHttpClientBuilder RemoveInheritedResilienceHandlers(this IHttpClientBuilder builder) =>
        builder.ConfigureAdditionalHttpMessageHandlers(static (handlers, _) =>
        {
            for (var i = handlers.Count - 1; i >= 0; i--)
            {
                if (handlers[i] is ResilienceHandler)
                {
                    handlers.RemoveAt(i);
                }
            }
        });
}
