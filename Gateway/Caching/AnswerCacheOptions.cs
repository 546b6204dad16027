using System.ComponentModel.DataAnnotations;

namespace Switchboard.Gateway.Caching;

/// <summary>The answer cache, bound from <c>Gateway:AnswerCache</c>.</summary>
public sealed class AnswerCacheOptions
{
    public const string SectionName = "Gateway:AnswerCache";

    public bool Enabled { get; set; } = true;

    /// <summary>How long a cached answer is served; a document change invalidates it sooner (see <see cref="AnswerCacheKey"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);
}
