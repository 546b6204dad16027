using System.ComponentModel.DataAnnotations;

namespace Switchboard.ServiceDefaults.Overload;

/// <summary>
/// How much work one service instance takes on at once, bound from <c>Overload</c>. Requests beyond
/// <see cref="MaxConcurrentRequests"/> wait in a short queue; beyond <see cref="QueueLimit"/> they are refused at once
/// with <c>503</c> and <c>Retry-After</c>, so an overloaded service answers "busy" quickly instead of slowly for everyone.
/// The defaults scale with the cores (16 running and 8 queued on 2 cores). Read at start.
/// </summary>
public sealed class OverloadOptions
{
    public const string SectionName = "Overload";

    /// <summary>Requests served at the same time (infrastructure endpoints excluded).</summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 8 * Environment.ProcessorCount;

    /// <summary>Requests waiting for a slot, oldest first; <c>0</c> refuses at once when every slot is taken.</summary>
    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>The <c>Retry-After</c> a refused caller is given (rounded up to whole seconds, at least 1).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The deadline of a request that arrives without a <c>Switchboard-Deadline-Ms</c> header, and the most such a
    /// header may ask for. <c>null</c> (the agents' default): only the header sets one. The Gateway sets it from
    /// <c>Gateway:Deadline</c>.
    /// </summary>
    public TimeSpan? Deadline { get; set; }

    /// <summary>Whole seconds for the <c>Retry-After</c> header.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}
