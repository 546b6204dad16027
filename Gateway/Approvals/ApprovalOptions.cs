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

    /// <summary>Token groups whose members may decide (see <see cref="ApproverPolicy"/>).</summary>
    public List<string> ApproverGroups { get; set; } = [];

    /// <summary>
    /// Only without JWT (the open development mode, where every caller is anonymous): a request carrying this header is an
    /// approver, and the header's value is the name recorded in the audit log. Empty: nobody may decide in that mode.
    /// </summary>
    public string DevelopmentApproverHeader { get; set; } = "X-Switchboard-Approver";

    /// <summary>A pending answer older than this is expired (status <c>expired</c>) and never released.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often each Gateway looks for pending answers past <see cref="MaxAge"/>.</summary>
    public TimeSpan ExpiryInterval { get; set; } = TimeSpan.FromSeconds(30);

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

        if (DocumentTags.Any(string.IsNullOrWhiteSpace) || CallerGroups.Any(string.IsNullOrWhiteSpace) || ApproverGroups.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{SectionName}:DocumentTags, CallerGroups and ApproverGroups must not hold blank values.";
        }

        if (MaxAge < TimeSpan.FromSeconds(1) || MaxAge > TimeSpan.FromDays(30))
        {
            yield return $"{SectionName}:MaxAge must lie between 1 second and 30 days.";
        }

        if (ExpiryInterval < TimeSpan.FromMilliseconds(100) || ExpiryInterval > TimeSpan.FromHours(1))
        {
            yield return $"{SectionName}:ExpiryInterval must lie between 100 ms and 1 hour.";
        }

        if (MaxReasonLength is < 1 or > 100_000 || MaxEditedAnswerLength is < 1 or > 100_000)
        {
            yield return $"{SectionName}:MaxReasonLength and MaxEditedAnswerLength must lie between 1 and 100000.";
        }
    }
}
