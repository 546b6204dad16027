using System.Net;
using System.Net.Http.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The two sample APIs registered only through their OpenAPI documents (SampleApis/sample-apis.tools.json names the
/// documents; no operation is configured by hand) answer questions through the Gateway with a citation of the API:
/// Gateway → screen → route → RetrievalAgent → the API (the order API with its key) → review. The order API's own
/// pagination and rate limit are checked against the running process.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class OpenApiToolEndToEndTests(SwitchboardApp stack)
{
    [Fact]
    public async Task The_holiday_calendar_answers_through_the_gateway_with_its_citation()
    {
        var answer = await AskAsync("When is the next public holiday in DE after 2026-11-20?");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains("Christmas Day", answer.Answer, StringComparison.Ordinal);
        Assert.Contains("2026-12-25", answer.Answer, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("Holiday calendar API", citation.DocumentName);
        Assert.StartsWith("api:holidays/", citation.DocumentId, StringComparison.Ordinal);
        Assert.Equal(ReviewVerdicts.Pass, answer.ReviewVerdict);

        var year = await AskAsync("Which public holidays are there in FR in 2026?");
        Assert.Equal(AnswerStatus.Answered, year.Status);
        Assert.Contains("Bastille Day", year.Answer, StringComparison.Ordinal);
        Assert.Equal("Holiday calendar API", Assert.Single(year.Citations).DocumentName);
    }

    [Fact]
    public async Task The_order_api_answers_with_its_key_and_its_citation()
    {
        using var direct = new HttpClient { BaseAddress = stack.Orders.BaseAddress };
        direct.DefaultRequestHeaders.Add("X-Api-Key", stack.OrdersKey);
        var order = await direct.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/orders/ORD-1007");

        var answer = await AskAsync("What is the status of order ORD-1007?");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains(order.GetProperty("status").GetString()!, answer.Answer, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("Order status API", citation.DocumentName);
        Assert.StartsWith("api:orders/", citation.DocumentId, StringComparison.Ordinal);

        var shipped = await direct.GetFromJsonAsync<System.Text.Json.JsonElement>("/v1/orders?customer=ACME&status=shipped&pageSize=1");
        var count = await AskAsync("How many shipped orders does ACME have?");
        Assert.Equal(AnswerStatus.Answered, count.Status);
        Assert.Contains($"{shipped.GetProperty("total").GetInt32()} shipped orders", count.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_order_api_pages_refuses_without_its_key_and_rate_limits_with_retry_after()
    {
        using var anonymous = new HttpClient { BaseAddress = stack.Orders.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/v1/orders/ORD-1001")).StatusCode);

        // Pages follow each other by nextPageToken without repeats until the total is reached.
        using var client = new HttpClient { BaseAddress = stack.Orders.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", stack.OrdersKey);
        var seen = new HashSet<string>();
        string? token = null;
        int total;
        do
        {
            var page = await client.GetFromJsonAsync<System.Text.Json.JsonElement>(
                "/v1/orders?customer=GLOBEX&pageSize=4" + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token)));
            total = page.GetProperty("total").GetInt32();
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.True(seen.Add(item.GetProperty("orderId").GetString()!), "an order came twice");
            }

            token = page.TryGetProperty("nextPageToken", out var next) ? next.GetString() : null; // left out on the last page
        }
        while (token is not null);

        Assert.Equal(total, seen.Count);

        // The limit is per key: a burst past it gets 429 with Retry-After and a ProblemDetails.
        using var burst = new HttpClient { BaseAddress = stack.Orders.BaseAddress };
        burst.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key-but-its-own-bucket");
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 40 && limited is null; i++)
        {
            var response = await burst.GetAsync("/v1/orders/ORD-1001");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }

        Assert.NotNull(limited);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    private async Task<AskResponse> AskAsync(string question)
    {
        using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new AskRequest(question), SwitchboardJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {body}\n{stack.Diagnostics()}");
        return System.Text.Json.JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
    }
}
