using Microsoft.Extensions.Options;
using Switchboard.Gateway.Access;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The name a decision is recorded under. Who may decide is not decided here: the approvals routes require
/// <see cref="SwitchboardPolicies.Approver"/> (the <c>approver</c> or <c>admin</c> role). With JWT the name is the token's
/// <c>sub</c>. In the open development mode every caller holds every role, so anyone may decide; the optional
/// <c>Gateway:Approvals:DevelopmentApproverHeader</c> header then names the person (the web UI sends the name typed on the
/// approvals page), and a decision without it is recorded as <see cref="OpenModeName"/>.
/// </summary>
public sealed class ApproverName(IOptionsMonitor<ApprovalOptions> options, IOptions<AuthOptions> auth)
{
    public const int MaxNameLength = 128;

    /// <summary>The approver of a decision taken in the open mode without a name header.</summary>
    public const string OpenModeName = "anonymous (open mode)";

    /// <returns>The name to record, or a sentence saying why the name header is unusable.</returns>
    public (string? Name, string? Problem) Of(HttpContext context, Caller caller)
    {
        if (!auth.Value.IsOpen)
        {
            return (caller.Subject ?? "unknown subject", null);
        }

        var header = options.CurrentValue.DevelopmentApproverHeader;
        if (string.IsNullOrWhiteSpace(header) || !context.Request.Headers.TryGetValue(header, out var values))
        {
            return (OpenModeName, null);
        }

        var name = values.ToString().Trim();
        return name.Length is > 0 and <= MaxNameLength && name.All(c => !char.IsControl(c))
            ? (name, null)
            : (null, $"The {header} header must be a name of 1 to {MaxNameLength} characters without control characters.");
    }
}
