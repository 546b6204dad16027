using System.Text;
using Switchboard.ServiceDefaults.ServiceAuth;

namespace Switchboard.Tests.Support;

/// <summary>Signs each request with a <see cref="ServiceToken"/> as a Switchboard service would (no key: sends it unsigned).</summary>
public sealed class ServiceTokenSigner(string? key, ServiceCaller? caller = null, string service = "Tests") : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (key is not null)
        {
            request.Headers.Remove(ServiceToken.HeaderName);
            request.Headers.TryAddWithoutValidation(ServiceToken.HeaderName,
                ServiceToken.Create(Encoding.UTF8.GetBytes(key), service, caller ?? ServiceCaller.System, DateTimeOffset.UtcNow.AddMinutes(2)));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
