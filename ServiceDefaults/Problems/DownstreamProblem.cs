using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Switchboard.ServiceDefaults.Problems;

/// <summary>
/// What a downstream service said when it did not succeed: the call, its status and, when it answered an RFC 9457
/// problem, the title and detail (validation errors folded into the detail). A downstream 4xx means the request made on
/// the caller's behalf was refused, not that the service is down: the caller gets <see cref="ToBadGateway"/> (502,
/// saying what the downstream said), never "unavailable".
/// </summary>
public sealed record DownstreamProblem(string Call, int Status, string? Title, string? Detail)
{
    private const int MaxProblemChars = 4096;

    /// <summary>"POST /answer answered 400 (One or more validation errors occurred.: question: ...)".</summary>
    public string Reason
    {
        get
        {
            var said = string.Join(": ", new[] { Title, Detail }.Where(s => !string.IsNullOrWhiteSpace(s)));
            return $"{Call} answered {Status}{(said.Length > 0 ? $" ({said})" : "")}";
        }
    }

    /// <summary>True for a 4xx: the downstream refused the request (not an outage, not worth a retry).</summary>
    public bool IsRejection => Status is >= 400 and < 500;

    /// <summary>Reads the response's problem document, if it has one (at most 4 KiB of it); the status alone otherwise.</summary>
    public static async Task<DownstreamProblem> ReadAsync(string call, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return new DownstreamProblem(call, status, null, null);
        }

        var (title, detail) = Parse(text.Length > MaxProblemChars ? text[..MaxProblemChars] : text);
        return new DownstreamProblem(call, status, title, detail);
    }

    /// <summary>
    /// The 502 the caller gets when <paramref name="downstream"/> rejected the request: the downstream named in the title
    /// and the <c>agent</c> extension, its status, title and detail in <c>agentStatus</c>, <c>agentTitle</c>,
    /// <c>agentDetail</c>.
    /// </summary>
    /// <param name="consequence">What the caller did not get, e.g. "no answer was produced".</param>
    public ProblemDetails ToBadGateway(string downstream, string consequence) => new()
    {
        Status = StatusCodes.Status502BadGateway,
        Title = $"{downstream} rejected the request",
        Detail = $"{downstream} rejected the request: {Reason}, so {consequence}.",
        Extensions =
        {
            ["agent"] = downstream,
            ["agentStatus"] = Status,
            ["agentTitle"] = Title,
            ["agentDetail"] = Detail,
        },
    };

    private static (string? Title, string? Detail) Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                var fields = new StringBuilder(detail);
                foreach (var field in errors.EnumerateObject())
                {
                    var messages = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.String).Select(m => m.GetString())
                        : [];
                    fields.Append(fields.Length > 0 ? "; " : "").Append(field.Name).Append(": ").AppendJoin(" ", messages);
                }

                detail = fields.ToString();
            }

            return (title, detail);
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's HTML page, plain text): its status says enough.
            return (null, null);
        }
    }
}
