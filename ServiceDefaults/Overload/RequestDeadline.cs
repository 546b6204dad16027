using System.Diagnostics;
using System.Globalization;

namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// The one deadline of the request being served: set where the request enters (the Gateway, from
/// <c>Gateway:Deadline</c>) and carried to every agent call in the <see cref="HeaderName"/> header as the budget
/// still left, so no hop works on a request its caller has stopped waiting for.
/// </summary>
/// <remarks>
/// <see cref="RequestDeadlineMiddleware"/> creates it and makes <see cref="Token"/> the request's
/// <c>HttpContext.RequestAborted</c>, so every handler that passes its cancellation token on (search, answering, Redis
/// calls that take one) stops when the deadline passes or the client goes away, whichever comes first.
/// <see cref="DeadlinePropagationHandler"/> writes the header on outgoing calls from <see cref="Current"/>.
/// </remarks>
public sealed class RequestDeadline : IDisposable
{
    /// <summary>
    /// The remaining budget of the request in whole milliseconds (a non-negative integer), measured when the caller
    /// sent it. The receiver counts from when it read the header; <c>0</c> means already expired. Used by both sides.
    /// </summary>
    public const string HeaderName = "Switchboard-Deadline-Ms";

    /// <summary>Larger header values are read as this (about 24 days, the longest <c>CancelAfter</c> takes).</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromMilliseconds(int.MaxValue);

    private static readonly AsyncLocal<RequestDeadline?> CurrentDeadline = new();

    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource _expiry;
    private readonly CancellationTokenSource _linked;

    private RequestDeadline(TimeSpan budget, CancellationToken requestAborted)
    {
        Budget = budget;
        _expiry = new CancellationTokenSource(budget);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _expiry.Token);
    }

    /// <summary>The deadline of the request this code runs for, or <c>null</c> outside one (background work, tests).</summary>
    public static RequestDeadline? Current
    {
        get => CurrentDeadline.Value;
        internal set => CurrentDeadline.Value = value;
    }

    /// <summary>The whole budget the request was given at this hop.</summary>
    public TimeSpan Budget { get; }

    /// <summary>Cancelled when the deadline passes or the client aborts.</summary>
    public CancellationToken Token => _linked.Token;

    /// <summary>True once the deadline itself has passed (not merely the client going away).</summary>
    public bool IsExpired => _expiry.IsCancellationRequested;

    public TimeSpan Remaining
    {
        get
        {
            var left = Budget - Stopwatch.GetElapsedTime(_startedAt);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>Starts the clock; the caller disposes the deadline when the request ends.</summary>
    public static RequestDeadline Start(TimeSpan budget, CancellationToken requestAborted) =>
        new(budget > MaxBudget ? MaxBudget : budget < TimeSpan.Zero ? TimeSpan.Zero : budget, requestAborted);

    /// <summary>Reads a <see cref="HeaderName"/> value; anything but a non-negative integer is ignored.</summary>
    public static bool TryParseHeader(string? value, out TimeSpan budget)
    {
        budget = default;
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return false;
        }

        budget = milliseconds >= int.MaxValue ? MaxBudget : TimeSpan.FromMilliseconds(milliseconds);
        return true;
    }

    /// <summary>The header value for a remaining budget: whole milliseconds, rounded down, never negative.</summary>
    public static string FormatHeader(TimeSpan remaining) =>
        ((long)Math.Max(0, Math.Floor(remaining.TotalMilliseconds))).ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _linked.Dispose();
        _expiry.Dispose();
    }
}
