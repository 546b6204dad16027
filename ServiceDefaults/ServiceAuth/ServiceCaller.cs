namespace Switchboard.ServiceDefaults.ServiceAuth;

/// <summary>
/// The end user on whose behalf a service call is made, as the Gateway established it: the token's subject (or none for
/// an anonymous caller), the groups that restrict which documents may be read, and the roles. It travels signed inside
/// the <see cref="ServiceToken"/>, so a caller cannot widen it by calling an agent directly.
/// </summary>
public sealed record ServiceCaller(string? Subject, IReadOnlyList<string> Groups, IReadOnlyList<string> Roles)
{
    /// <summary>Work that no end user asked for (start-up, background consumers).</summary>
    public static readonly ServiceCaller System = new(null, [], []);
}

/// <summary>The verified call on an agent (set by <see cref="ServiceTokenMiddleware"/>), or the caller the Gateway resolved.</summary>
public sealed class ServiceCallerFeature(ServiceCaller caller, string? callingService)
{
    public ServiceCaller Caller { get; } = caller;

    /// <summary>The service that signed the call (e.g. <c>Gateway</c>); null on the Gateway itself.</summary>
    public string? CallingService { get; } = callingService;

    // The token this service signed for this caller during the request, reused by its other calls (a question makes five
    // or more) while at least half its lifetime is left. Concurrent calls may both sign; either token is valid.
    private volatile SignedToken? _signed;

    internal string? ReusableToken(DateTimeOffset now) => _signed is { } signed && now < signed.RenewAfter ? signed.Value : null;

    internal void Remember(string token, DateTimeOffset renewAfter) => _signed = new SignedToken(token, renewAfter);

    private sealed record SignedToken(string Value, DateTimeOffset RenewAfter);
}
