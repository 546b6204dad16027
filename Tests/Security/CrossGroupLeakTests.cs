using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Security.Tests;

/// <summary>
/// OWASP API1 (broken object-level authorization) and API3 (excessive data exposure): a document restricted to one group
/// never reaches a caller outside it — not through ask (answer text, citations), search, the document list, the document
/// itself, a stored answer, a conversation, or the answer cache — while its own group does get it (so the test can fail).
/// </summary>
[Collection(SecurityCollection.Name)]
public sealed class CrossGroupLeakTests(SecurityStack stack) : IAsyncLifetime
{
    private const string Marker = "Zephyrine";
    private const string Question = "What is the Zephyrine travel allowance per trip?";
    private DocumentInfo _secret = null!;
    private string _finance = "";
    private string _outsider = "";

    public async Task InitializeAsync()
    {
        _finance = stack.Authority.Token("fiona-leak", ["contributor"], ["finance-leak"]);
        _outsider = stack.Authority.Token("oscar-leak", ["reader", "contributor"], ["hr-leak"]);
        _secret = await stack.UploadReadyAsync(_finance, "zephyrine-travel.md",
            $"# Travel policy\n\nThe {Marker} travel allowance per trip is 4,200 euros for every employee.\n", "finance-leak");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ask_answers_the_group_and_gives_the_outsider_nothing_of_it_even_from_the_cache()
    {
        using var finance = stack.Client(_finance);
        var insider = await AskAsync(finance, "leak-session");
        Assert.True(insider.Status == AnswerStatus.Answered, $"the group's own question was not answered: {insider.Answer}");
        Assert.Contains(insider.Citations, c => c.DocumentId == _secret.Id);

        // The same question right after (answer cache on): the outsider must not get the cached answer.
        using var outsider = stack.Client(_outsider);
        var outside = await AskAsync(outsider, "leak-session");
        Assert.False(outside.Cached);
        Assert.DoesNotContain(Marker + " travel allowance per trip is", outside.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain("4,200", outside.Answer, StringComparison.Ordinal);
        Assert.DoesNotContain(outside.Citations, c => c.DocumentId == _secret.Id || c.Snippet.Contains("4,200", StringComparison.Ordinal));

        // The insider's stored answer and conversation are not the outsider's to read, by id or by session name.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/v1/ask/{insider.AnswerId}")).StatusCode);
        using var session = await outsider.GetAsync("/v1/sessions/leak-session");
        if (session.StatusCode == HttpStatusCode.OK)
        {
            Assert.DoesNotContain("4,200", await session.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Search_the_document_list_the_document_and_its_deletion_are_closed_to_the_outsider()
    {
        using var outsider = stack.Client(_outsider);
        using var search = await outsider.PostAsJsonAsync("/v1/search", new { query = $"{Marker} travel allowance", topK = 50 });
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.DoesNotContain(_secret.Id, await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var list = await outsider.GetStringAsync("/v1/documents");
        Assert.DoesNotContain(_secret.Id, list, StringComparison.Ordinal);
        Assert.DoesNotContain("zephyrine-travel", list, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/v1/documents/{_secret.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.DeleteAsync($"/v1/documents/{_secret.Id}")).StatusCode);

        // Still there for its group: the refusals above were the access rule.
        using var finance = stack.Client(_finance);
        Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync($"/v1/documents/{_secret.Id}")).StatusCode);
        using var own = await finance.PostAsJsonAsync("/v1/search", new { query = $"{Marker} travel allowance", topK = 50 });
        Assert.Contains(_secret.Id, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<AskResponse> AskAsync(HttpClient http, string sessionId)
    {
        using var response = await http.PostAsJsonAsync("/v1/ask", new { question = Question, sessionId });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
    }
}
