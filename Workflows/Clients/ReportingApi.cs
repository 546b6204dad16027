using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Clients;

/// <summary>The ReportingAgent (<c>http://reporting</c>): its reports and the ledger's retention.</summary>
public sealed class ReportingApi(HttpClient http)
{
    /// <summary>
    /// The cost/latency review over [from, to): <c>GET /reports/review</c> when the agent has it, else the usage report
    /// <c>GET /reports/usage</c> of the same range. Returns which one answered and its JSON.
    /// </summary>
    public async Task<(string Source, JsonElement Report)> ReviewAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}";
        using (var review = await http.GetAsync($"/reports/review?{range}", cancellationToken))
        {
            if (review.IsSuccessStatusCode)
            {
                return ("/reports/review", await review.Content.ReadFromJsonAsync<JsonElement>(SwitchboardJson.Options, cancellationToken));
            }

            if (review.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed))
            {
                throw await GatewayApi.FailureAsync("GET /reports/review", review, cancellationToken);
            }
        }

        using var usage = await http.GetAsync($"/reports/usage?{range}", cancellationToken);
        if (!usage.IsSuccessStatusCode)
        {
            throw await GatewayApi.FailureAsync("GET /reports/usage", usage, cancellationToken);
        }

        return ("/reports/usage", await usage.Content.ReadFromJsonAsync<JsonElement>(SwitchboardJson.Options, cancellationToken));
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
