using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.Gateway.Agents;

/// <summary>
/// The one place an <see cref="AgentCallException"/> becomes the client's RFC 9457 problem: 503 "retrieval unavailable"
/// or "retrieval busy" (with <c>Retry-After</c> when known), 502 "retrieval rejected the request" with the agent's status
/// and its problem's title and detail, 504 "retrieval timed out". The agent is named in the title and in an
/// <c>agent</c> extension.
/// </summary>
public static class AgentProblems
{
    /// <summary>The Retry-After of a 503 whose agent gave none (unreachable, failed): long enough to not hammer it.</summary>
    public static readonly TimeSpan UnknownOutageRetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Every 503 says when to come back: an outage of unknown length gets a short default, so clients back off.</summary>
    private static TimeSpan? RetryAfter(AgentCallException failure) =>
        failure.RetryAfter ?? (failure.StatusCode == StatusCodes.Status503ServiceUnavailable ? UnknownOutageRetryAfter : null);

    /// <param name="consequence">What the client did not get, e.g. "no answer was produced".</param>
    public static ProblemHttpResult ToProblem(this AgentCallException failure, HttpContext context, string consequence)
    {
        if (RetryAfter(failure) is { } wait)
        {
            context.Response.Headers.RetryAfter = AgentHttp.RetryAfterHeader(wait);
        }

        var problem = failure.ToProblemDetails(consequence);
        return TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title, extensions: problem.Extensions);
    }

    /// <summary>
    /// The same problem as a body alone, for a response that has already started (an event stream), where no status or
    /// <c>Retry-After</c> header can be set any more: <c>status</c> and <c>retryAfterSeconds</c> say it instead.
    /// </summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails ToProblemDetails(this AgentCallException failure, string consequence)
    {
        if (failure is AgentRejectedException rejected)
        {
            return rejected.Problem.ToBadGateway(failure.Agent, consequence);
        }

        var extensions = new Dictionary<string, object?> { ["agent"] = failure.Agent };
        if (RetryAfter(failure) is { } wait)
        {
            extensions["retryAfterSeconds"] = AgentChannel.Seconds(wait);
        }

        string detail;
        switch (failure)
        {
            case AgentBusyException:
                detail = $"{failure.Agent} busy, retry in {AgentChannel.Seconds(failure.RetryAfter!.Value)} s: it is at capacity, so {consequence}.";
                break;
            case AgentTimeoutException:
                detail = $"{failure.Agent} timed out: {failure.Reason}, so {consequence}.";
                break;
            default:
                detail = failure.RetryAfter is { } breakFor
                    ? $"{failure.Agent} unavailable: {failure.Reason}, so {consequence}. Retry in {AgentChannel.Seconds(breakFor)} s."
                    : $"{failure.Agent} unavailable: {failure.Reason}, so {consequence}. Try again shortly.";
                break;
        }

        return new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = failure.StatusCode,
            Title = failure.Title,
            Detail = detail,
            Extensions = extensions,
        };
    }
}
