using Microsoft.Extensions.Options;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// Who may decide on held answers, and under which name the decision is recorded. The one place this is decided, so the
/// security work can swap it for proper roles: with JWT, a caller in one of <c>Gateway:Approvals:ApproverGroups</c>
/// (named by the token's <c>sub</c>); without JWT (every caller anonymous, the open development mode), a request carrying
/// <c>Gateway:Approvals:DevelopmentApproverHeader</c> (named by its value). Anyone else gets 403.
/// </summary>
public sealed class ApproverPolicy(IOptionsMonitor<ApprovalOptions> options, IOptions<AuthOptions> auth)
{
    public const int MaxNameLength = 128;

    /// <returns>The approver's name, or null when the caller may not decide.</returns>
    public string? Approver(HttpContext context, Caller caller)
    {
        var settings = options.CurrentValue;
        if (auth.Value.JwtConfigured)
        {
            return caller.IsAuthenticated && caller.Groups.Any(g => settings.ApproverGroups.Contains(g, StringComparer.Ordinal))
                ? caller.Subject ?? "unknown subject"
                : null;
        }

        if (string.IsNullOrWhiteSpace(settings.DevelopmentApproverHeader))
        {
            return null;
        }

        var name = context.Request.Headers[settings.DevelopmentApproverHeader].ToString().Trim();
        return name.Length is > 0 and <= MaxNameLength && name.All(c => !char.IsControl(c)) ? name : null;
    }
}
