using System.Net;
using System.Net.Http.Headers;

namespace Switchboard.AgentCore.Tools.Rest;

/// <summary>Reads <c>Retry-After</c> (RFC 9110 §10.2.3) in both forms: delta-seconds and HTTP-date.</summary>
public static class RetryAfter
{
    /// <summary>
    /// The delay <paramref name="response"/> asks for, or null when it sends none. A date in the past means "now"
    /// (zero), as does a clock skew that puts it there.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, TimeProvider time) => From(response.Headers.RetryAfter, time);

    public static TimeSpan? From(RetryConditionHeaderValue? header, TimeProvider time)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The statuses whose Retry-After means "the request was not processed; send it again after the delay".</summary>
    public static bool IsThrottling(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
}
