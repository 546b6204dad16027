using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Evaluation.Calibrate;

/// <summary>
/// The RetrievalAgent's <c>POST /evidence</c> answer: how strongly the best candidate supports an answer, what the current
/// threshold makes of it, and which source it is.
/// </summary>
public sealed record EvidenceResult(double Evidence, string Status, string? DocumentName, int? Page, int? Row);

/// <summary>Calls <c>POST /evidence</c> with the same request an answer would get (<see cref="AgentAnswerRequest"/>).</summary>
public sealed class EvidenceClient(HttpClient http)
{
    public async Task<EvidenceResult> GetAsync(string question, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/evidence", new AgentAnswerRequest(question), SwitchboardJson.Options, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            throw new InvalidOperationException(
                $"The RetrievalAgent at {http.BaseAddress} has no POST /evidence ({(int)response.StatusCode}); calibration needs it.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"POST /evidence answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var result = await response.Content.ReadFromJsonAsync<EvidenceResult>(SwitchboardJson.Options, cancellationToken);
        return result is { Status: not null } && double.IsFinite(result.Evidence)
            ? result
            : throw new InvalidOperationException("POST /evidence returned a body without a finite 'evidence' and a 'status'.");
    }
}
