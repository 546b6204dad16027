using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Documents;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// The answer cache: a repeated question is served without the agents, other filters, topK or caller groups are
/// another entry, and any document change (upload, delete) makes earlier entries unreachable.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class AnswerCacheTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _gateway = fixture.WithSetting("Gateway:AnswerCache:Enabled", "true");
    private FakeAgents Agents => fixture.Agents;

    public Task InitializeAsync()
    {
        Agents.Reset();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task Second_identical_question_is_served_from_the_cache_and_still_recorded()
    {
        using var client = _gateway.CreateClient();
        var question = Unique("What is the refund policy?");

        var first = await client.AskOkAsync(new { question });
        var second = await client.AskOkAsync(new { question = "  " + question.ToUpperInvariant() + "  " });

        Assert.Single(Agents.RetrievalRequests);
        Assert.Single(Agents.Reviews);
        Assert.False(first.Cached);
        Assert.True(second.Cached);
        Assert.NotEqual(first.AnswerId, second.AnswerId);
        Assert.Equal(AnswerStatus.Answered, second.Status);
        Assert.Equal(first.Answer, second.Answer);
        Assert.Equal(first.Citations, second.Citations);
        Assert.Equal(first.ReviewVerdict, second.ReviewVerdict);
        Assert.Equal((0, 0, 0m, AnswerUsageAccounting.CacheModel),
            (second.Usage!.InputTokens, second.Usage.OutputTokens, second.Usage.CostUsd, second.Usage.Model));

        var recorded = Assert.Single(await fixture.ReadStreamAsync<InteractionRecorded>(Streams.Interactions), i => i.AnswerId == second.AnswerId);
        Assert.True(recorded.Cached);
        Assert.Equal(AnswerStatus.Answered, recorded.Status);
        Assert.Empty(recorded.Agents);
        Assert.Equal(0, recorded.Usage!.InputTokens);

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Matches("switchboard_gateway_answer_cache_total\\{[^}]*result=\"hit\"[^}]*\\} [1-9]", metrics);
        Assert.Matches("switchboard_gateway_answer_cache_total\\{[^}]*result=\"miss\"[^}]*\\} [1-9]", metrics);
    }

    [Fact]
    public async Task Different_filters_or_topK_are_different_entries()
    {
        using var client = _gateway.CreateClient();
        var question = Unique("What is the refund policy?");

        await client.AskOkAsync(new { question, filters = new { tags = new[] { "policy", "hr" } } });
        await client.AskOkAsync(new { question, filters = new { tags = new[] { "hr", "policy" } } }); // same set: a hit
        await client.AskOkAsync(new { question, filters = new { tags = new[] { "finance" } } });
        await client.AskOkAsync(new { question, topK = 3 });

        Assert.Equal(3, Agents.RetrievalRequests.Count);
    }

    [Fact]
    public async Task Callers_share_entries_only_when_their_groups_are_the_same()
    {
        var tokens = new TestTokens();
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>(tokens.Settings) { ["Gateway:AnswerCache:Enabled"] = "true" });
        var question = Unique("What is the bonus policy?");

        await Client(gateway, tokens.WithGroups("alice", "finance", "hr")).AskOkAsync(new { question });
        await Client(gateway, tokens.WithGroups("carol", "hr", "finance")).AskOkAsync(new { question }); // same groups: a hit
        await Client(gateway, tokens.WithGroups("bob", "hr")).AskOkAsync(new { question });

        Assert.Equal(2, Agents.RetrievalRequests.Count);
        Assert.Equal(["hr"], Agents.RetrievalRequests.Last().CallerGroups);
    }

    [Fact]
    public async Task An_uploaded_document_invalidates_cached_answers()
    {
        using var client = _gateway.CreateClient();
        var question = Unique("What is the refund policy?");
        await client.AskOkAsync(new { question });
        Assert.True((await client.AskOkAsync(new { question })).Cached);

        var upload = await client.PostAsync("/v1/documents", Form(Unique("Refunds are now available within 60 days."), $"{Guid.NewGuid():N}.txt"));
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var after = await client.AskOkAsync(new { question });

        Assert.False(after.Cached);
        Assert.Equal(2, Agents.RetrievalRequests.Count);
    }

    [Fact]
    public async Task A_deleted_document_invalidates_cached_answers()
    {
        using var client = _gateway.CreateClient();
        var upload = await client.PostAsync("/v1/documents", Form(Unique("Travel is reimbursed within 30 days."), $"{Guid.NewGuid():N}.txt"));
        var document = await DocumentsTestSupport.ReadDocumentAsync(upload, HttpStatusCode.Accepted);
        // What the real RetrievalAgent does on DELETE /documents/{id}: remove the chunks and the catalog record.
        var catalog = new DocumentCatalog(fixture.Redis.Connection);
        Agents.DeleteDocument = id => catalog.RemoveAsync(id).GetAwaiter().GetResult();
        var question = Unique("How fast is travel reimbursed?");
        await client.AskOkAsync(new { question });
        Assert.True((await client.AskOkAsync(new { question })).Cached);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/v1/documents/{document.Id}")).StatusCode);
        var after = await client.AskOkAsync(new { question });

        Assert.False(after.Cached);
        Assert.Equal(2, Agents.RetrievalRequests.Count);
    }

    [Fact]
    public async Task Answers_awaiting_approval_and_answers_beside_a_failed_agent_are_not_cached()
    {
        using var client = _gateway.CreateClient();
        var approval = Unique("What is the refund policy?");
        Agents.Review = _ => new ReviewResult(ReviewVerdicts.NeedsApproval, [], null, "sensitive");
        // Held for approval (202 pending_approval) both times: a held answer is never served from the cache.
        Assert.Equal(HttpStatusCode.Accepted, (await client.AskAsync(new { question = approval })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.AskAsync(new { question = approval })).StatusCode);
        Assert.Equal(2, Agents.RetrievalRequests.Count);

        Agents.Reset();
        var partial = Unique("How many tokens did we use?");
        Agents.Route = request => new RouteDecision(Intents.UsageReport, 0.8, [AgentNames.Retrieval, AgentNames.Reporting], request.Question);
        Agents.Retrieval = _ => throw new InvalidOperationException("retrieval is down");
        await client.AskOkAsync(new { question = partial });
        var again = await client.AskOkAsync(new { question = partial });

        Assert.False(again.Cached);
        Assert.Equal(2, Agents.ReportingRequests.Count);
    }

    private static string Unique(string text) => $"{text} ({Guid.NewGuid():N})";

    private static MultipartFormDataContent Form(string text, string fileName)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        return new MultipartFormDataContent { { content, "file", fileName } };
    }

    private static HttpClient Client(WebApplicationFactory<Program> gateway, string token)
    {
        var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
