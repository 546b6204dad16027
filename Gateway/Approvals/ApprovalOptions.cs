using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The approval policy and queue, bound from <c>Gateway:Approvals</c> and validated at start. An answer waits for a
/// person when any criterion holds: its risk level reaches <see cref="MinRiskLevel"/>, its intent is in
/// <see cref="Intents"/>, it cites a document tagged with one of <see cref="DocumentTags"/>, the caller is in one of
/// <see cref="CallerGroups"/>, or the compliance review answered <c>needs_approval</c>.
/// </summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Gateway:Approvals";

    /// <summary>Off: nothing is held (a <c>needs_approval</c> review then becomes <c>not_found</c>, as before the queue).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The lowest risk level held for approval: <c>low</c>, <c>medium</c>, <c>high</c> (default) or <c>none</c>.</summary>
    public string MinRiskLevel { get; set; } = RiskLevels.High;

    /// <summary>Intents whose answers always wait for a person (e.g. <c>usage_report</c>).</summary>
    public List<string> Intents { get; set; } = [];

    /// <summary>Document tags whose citation makes an answer wait (e.g. <c>legal</c>, <c>hr</c>).</summary>
    public List<string> DocumentTags { get; set; } = [];

    /// <summary>Callers in any of these groups have every answer approved first (e.g. <c>external</c>).</summary>
    public List<string> CallerGroups { get; set; } = [];

    /// <summary>
    /// Only without JWT (the open development mode, where every caller holds every role and so may decide): the header
    /// whose value names the approver in the audit log (see <see cref="ApproverName"/>). Who may decide with JWT is the
    /// <c>approver</c> or <c>admin</c> role, never a header.
    /// </summary>
    public string DevelopmentApproverHeader { get; set; } = "X-Switchboard-Approver";

    /// <summary>A pending answer older than this is expired (status <c>expired</c>) and never released.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each Gateway looks for pending answers past <see cref="MaxAge"/>.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <c>GET /v1/ask/{id}/events</c> re-reads a held answer for its decision.</summary>
    public TimeSpan FollowPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a follow stream sends a <c>heartbeat</c> event while it waits (keeps proxies from closing it).</summary>
    public TimeSpan FollowHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Most follow streams one Gateway keeps open at once; beyond, <c>503</c> with Retry-After.</summary>
    public int MaxFollowers { get; set; } = 1000;

    /// <summary>Longest reason and edited answer accepted, in characters.</summary>
    public int MaxReasonLength { get; set; } = 1000;

    public int MaxEditedAnswerLength { get; set; } = 8000;

    public const string NoRiskLevel = "none";

    public IEnumerable<string> Validate()
    {
        if (MinRiskLevel != NoRiskLevel && RiskLevels.Rank(MinRiskLevel) < 0)
        {
            yield return $"{SectionName}:MinRiskLevel must be low, medium, high or none (was '{MinRiskLevel}').";
        }

        foreach (var intent in Intents.Where(i => !AgentCore.Contracts.Intents.All.Contains(i)))
        {
            yield return $"{SectionName}:Intents holds '{intent}', which is not an intent ({string.Join(", ", AgentCore.Contracts.Intents.All)}).";
        }

        if (DocumentTags.Any(string.IsNullOrWhiteSpace) || CallerGroups.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{SectionName}:DocumentTags and CallerGroups must not hold blank values.";
        }

        if (MaxAge < TimeSpan.FromSeconds(1) || MaxAge > TimeSpan.FromDays(30))
        {
            yield return $"{SectionName}:MaxAge must lie between 1 second and 30 days.";
        }

        if (ExpiryInterval < TimeSpan.FromMilliseconds(100) || ExpiryInterval > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:ExpiryInterval must lie between 100 ms and 1 hour.";
        }

        if (FollowPollInterval < TimeSpan.FromMilliseconds(50) || FollowPollInterval > TimeSpan.FromMinutes(1)
            || FollowHeartbeatInterval < TimeSpan.FromSeconds(1) || FollowHeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            yield return $"{SectionName}:FollowPollInterval must lie between 50 ms and 1 minute, FollowHeartbeatInterval between 1 second and 5 minutes.";
        }

        if (MaxFollowers is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxFollowers must lie between 1 and 100000.";
        }

        if (MaxReasonLength is < 1 or > 100_000 || MaxEditedAnswerLength is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxReasonLength and MaxEditedAnswerLength must lie between 1 and 100000.";
        }
    }
}
