using System.Net;
using System.Text.Json;

namespace Switchboard.ComplianceAgent.Tests;

/// <summary>Asserts an RFC 9457 problem response and returns its body.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var body = document.RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        return body;
    }

    /// <summary>A validation problem whose <c>errors</c> name <paramref name="field"/>.</summary>
    public static async Task IsValidationProblemForAsync(HttpResponseMessage response, string field)
    {
        var body = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"errors should name '{field}': {errors}");
        Assert.NotEmpty(messages.EnumerateArray().Select(m => m.GetString()));
    }
}
