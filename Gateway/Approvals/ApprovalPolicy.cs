using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// Which answers wait for a person (<see cref="ApprovalOptions"/>): the one place the approval decision is made. Returns
/// the triggers that held the answer, empty when it may leave at once.
/// </summary>
public sealed class ApprovalPolicy(IOptionsMonitor<ApprovalOptions> options, DocumentCatalog catalog)
{
    public bool Enabled => options.CurrentValue.Enabled;

    public async Task<IReadOnlyList<string>> TriggersAsync(
        RiskAssessment? risk, string? intent, IReadOnlyList<Citation> citations, Caller caller, string? reviewVerdict)
    {
        var settings = options.CurrentValue;
        var triggers = new List<string>();
        if (!settings.Enabled)
        {
            return triggers;
        }

        if (reviewVerdict == ReviewVerdicts.NeedsApproval)
        {
            triggers.Add("review needs_approval");
        }

        if (risk is not null && settings.MinRiskLevel != ApprovalOptions.NoRiskLevel
            && RiskLevels.Rank(risk.Level) >= RiskLevels.Rank(settings.MinRiskLevel))
        {
            triggers.Add($"risk {risk.Level}");
        }

        if (intent is not null && settings.Intents.Contains(intent, StringComparer.Ordinal))
        {
            triggers.Add($"intent {intent}");
        }

        foreach (var group in caller.Groups.Where(g => settings.CallerGroups.Contains(g, StringComparer.Ordinal)).Take(1))
        {
            triggers.Add($"caller group {group}");
        }

        if (settings.DocumentTags.Count > 0)
        {
            foreach (var id in citations.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal))
            {
                if (await catalog.GetAsync(id) is { Tags: { Count: > 0 } tags }
                    && tags.FirstOrDefault(t => settings.DocumentTags.Contains(t, StringComparer.OrdinalIgnoreCase)) is { } tag)
                {
                    triggers.Add($"document tag {tag}");
                    break;
                }
            }
        }

        return triggers;
    }
}
