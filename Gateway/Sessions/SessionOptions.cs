using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Sessions;

/// <summary>Conversation memory, bound from <c>Gateway:Sessions</c>.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Gateway:Sessions";

    /// <summary>Exchanges kept per session; older ones are pruned on every new turn so a long chat cannot grow without bound.</summary>
    [Range(1, 100)]
    public int MaxTurns { get; set; } = 10;

    /// <summary>How long an idle session is kept; every new turn starts the period again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);
}
