using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Clients;

/// <summary>The ReportingAgent (<c>http://reporting</c>): its reports and the ledger's retention.</summary>
public sealed class ReportingApi(HttpClient http)
{
    /// <summary>The ReportingAgent's cost/latency review over [from, to) (<c>GET /reports/review</c>), as it answered it.</summary>
    public async Task<JsonElement> ReviewAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        using var review = await http.GetAsync($"/reports/review?{range}", cancellationToken);
        if (!review.IsSuccessStatusCode)
        {
            throw await GatewayApi.FailureAsync("GET /reports/review", review, cancellationToken);
        }

        return await review.Content.ReadFromJsonAsync<JsonElement>(SwitchboardJson.Options, cancellationToken);
    }

    /// <summary><c>POST /ledger/retention</c>: the ReportingAgent's own ledger retention, once, now.</summary>
    public async Task<LedgerRetentionResult> TrimLedgerAsync(CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync("/ledger/retention", null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await GatewayApi.FailureAsync("POST /ledger/retention", response, cancellationToken);
        }

        return (await response.Content.ReadFromJsonAsync<LedgerRetentionResult>(SwitchboardJson.Options, cancellationToken))!;
    }
}

public sealed record LedgerRetentionResult(long Removed, DateTimeOffset Cutoff, TimeSpan Retention);
