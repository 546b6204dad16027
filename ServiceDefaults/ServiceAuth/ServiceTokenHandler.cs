using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary>
/// Signs every call to one of our own services (<see cref="ServiceAuthOptions.Services"/>, matched on the request's host
/// before service discovery resolves it) with a <see cref="ServiceToken"/> naming this service and the end user of
/// the current request (signed once per request and caller, reused while half its lifetime is left). Calls to any other host (model providers, REST tools, MCP servers) go out untouched, so the key
/// and the caller's identity never leave Switchboard. Registered on every HttpClient by <c>AddServiceDefaults</c>.
/// </summary>
public sealed class ServiceTokenHandler(IOptions<ServiceAuthOptions> options, IHttpContextAccessor accessor, TimeProvider time,
    IHostEnvironment environment) : DelegatingHandler
{
    private readonly byte[]? _key = options.Value.Enabled ? Encoding.UTF8.GetBytes(options.Value.Key!) : null;
    private readonly HashSet<string> _services = new(options.Value.Services, StringComparer.OrdinalIgnoreCase);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ServiceToken.HeaderName);
        if (_key is not null && request.RequestUri is { } uri && _services.Contains(uri.Host))
        {
            var call = accessor.HttpContext?.Features.Get<ServiceCallerFeature>();
            var now = time.GetUtcNow();
            var token = call?.ReusableToken(now);
            if (token is null)
            {
                var lifetime = options.Value.TokenLifetime;
                token = ServiceToken.Create(_key, environment.ApplicationName, call?.Caller ?? ServiceCaller.System, now + lifetime);
                call?.Remember(token, now + lifetime / 2);
            }

            request.Headers.TryAddWithoutValidation(ServiceToken.HeaderName, token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
