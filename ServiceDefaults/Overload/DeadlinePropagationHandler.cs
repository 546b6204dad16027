namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// Carries the current request's <see cref="RequestDeadline"/> to the service called: writes the remaining budget
/// into <see cref="RequestDeadline.HeaderName"/> on every attempt (so a retry sends what is left, not what was) and
/// cancels the call when the deadline passes even if the caller passed no token. Outside a request it does nothing.
/// Put it on clients that call our own services, never on third-party APIs.
/// </summary>
public sealed class DeadlinePropagationHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (RequestDeadline.Current is not { } deadline)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        deadline.Token.ThrowIfCancellationRequested();
        request.Headers.Remove(RequestDeadline.HeaderName);
        request.Headers.TryAddWithoutValidation(RequestDeadline.HeaderName, RequestDeadline.FormatHeader(deadline.Remaining));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        return await base.SendAsync(request, linked.Token);
    }
}
