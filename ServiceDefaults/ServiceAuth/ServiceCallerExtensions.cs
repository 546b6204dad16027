using Microsoft.AspNetCore.Http;

namespace Switchboard.ServiceDefaults.ServiceAuth;

public static class ServiceCallerExtensions
{
    /// <summary>The verified service call on this request, or null (no key configured: the open development mode).</summary>
    public static ServiceCallerFeature? ServiceCall(this HttpContext context) => context.Features.Get<ServiceCallerFeature>();

    /// <summary>
    /// The groups an agent must restrict documents by: the signed caller's when the call was verified (whatever the body
    /// claims), otherwise (open development mode) <paramref name="claimed"/>, the body's.
    /// </summary>
    public static IReadOnlyList<string>? CallerGroups(this HttpContext context, IReadOnlyList<string>? claimed) =>
        context.ServiceCall() is { } call ? call.Caller.Groups : claimed;

    /// <summary>On the Gateway: the end user of this request, carried signed on every agent call it makes.</summary>
    public static void SetServiceCaller(this HttpContext context, ServiceCaller caller) =>
        context.Features.Set(new ServiceCallerFeature(caller, null));
}
