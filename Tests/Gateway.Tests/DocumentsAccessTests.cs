using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using static Switchboard.Gateway.Tests.DocumentsTestSupport;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// Documents with <c>allowedGroups</c> through a Gateway that validates bearer tokens: only callers in one of the groups
/// see, replace or delete them; a duplicate upload never reveals a document the caller may not read.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class DocumentsAccessTests(GatewayFixture fixture) : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();
    private WebApplicationFactory<Program> _gateway = null!;

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        _gateway = fixture.Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in _tokens.Settings)
            {
                builder.UseSetting(key, value);
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task A_restricted_document_is_visible_only_to_its_groups()
    {
        var hr = Client("hannah", "hr");
        var outsider = Client("oscar", "sales");
        var restricted = await ReadDocumentAsync(await hr.PostAsync("/v1/documents",
            Form(Encoding.UTF8.GetBytes($"Salary bands {Guid.NewGuid():N}."), $"salaries-{Guid.NewGuid():N}.txt", ("allowedGroups", "hr"))), HttpStatusCode.Accepted);

        Assert.Equal(["hr"], (await hr.GetFromJsonAsync<DocumentInfo>($"/v1/documents/{restricted.Id}", SwitchboardJson.Options))!.AllowedGroups);
        Assert.Contains((await hr.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!, d => d.Id == restricted.Id);
        await ProblemAssert.IsProblemAsync(await outsider.GetAsync($"/v1/documents/{restricted.Id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await outsider.GetFromJsonAsync<List<DocumentInfo>>("/v1/documents", SwitchboardJson.Options))!, d => d.Id == restricted.Id);
        await ProblemAssert.IsProblemAsync(await outsider.DeleteAsync($"/v1/documents/{restricted.Id}"), HttpStatusCode.NotFound);
        Assert.DoesNotContain(restricted.Id, fixture.Agents.Deletes); // never forwarded to the agent
    }

    [Fact]
    public async Task An_outsider_can_neither_replace_a_restricted_document_nor_learn_it_by_its_content()
    {
        var name = $"bonus-{Guid.NewGuid():N}.txt";
        var bytes = Encoding.UTF8.GetBytes($"Bonus pool {Guid.NewGuid():N}.");
        var hr = Client("hannah", "hr");
        var outsider = Client("oscar", "sales");
        await ReadDocumentAsync(await hr.PostAsync("/v1/documents", Form(bytes, name, ("allowedGroups", "hr"))), HttpStatusCode.Accepted);
        var before = await SnapshotAsync(fixture.Redis.Connection);

        var replace = await outsider.PostAsync("/v1/documents", Form(Encoding.UTF8.GetBytes("Overwritten."), name));
        var duplicate = await outsider.PostAsync("/v1/documents", Form(bytes, $"copy-{name}"));

        var replaceProblem = await ProblemAssert.IsProblemAsync(replace, HttpStatusCode.Conflict);
        Assert.Contains("may not read", replaceProblem.Detail());
        var duplicateProblem = await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict);
        Assert.DoesNotContain(name, duplicateProblem.Detail());
        Assert.Equal(before, await SnapshotAsync(fixture.Redis.Connection));
    }

    private HttpClient Client(string subject, string group)
    {
        var client = _gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tokens.WithGroups(subject, group));
        return client;
    }
}
