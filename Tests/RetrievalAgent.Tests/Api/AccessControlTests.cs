using System.Net;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Api;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Api;

/// <summary>
/// The leak test: a document restricted to "finance" never reaches a caller outside that group, not in answers,
/// citations, contexts, search hits, evidence or the chunk listing; a "finance" caller gets it. Once per chunk store.
/// </summary>
public abstract class AccessControlTests(RedisServerFixture redis, StoreKind kind) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Secret = "The executive bonus pool for fiscal year 2024 is 4.2 million euros.";
    private const string SecretFact = "4.2 million";
    private const string Question = "How large is the executive bonus pool for fiscal year 2024?";

    private readonly IStoreUnderTest _store = IStoreUnderTest.For(kind);
    private RetrievalApp _app = null!;
    private string _restricted = null!;
    private string _public = null!;

    public async Task InitializeAsync()
    {
        _app = new RetrievalApp(redis, await _store.AppSettingsAsync());
        _restricted = await _app.UploadAsync("finance-bonus.txt", "text/plain", Encoding.UTF8.GetBytes(Secret + "\nBonus payments are made in March."), allowedGroups: ["finance"]);
        // A public document on the same topic, so that a leak would have competition rather than an empty field.
        _public = await _app.UploadAsync("bonus-faq.txt", "text/plain", Encoding.UTF8.GetBytes(
            "The bonus pool is announced by the executive board each year.\nBonus questions go to People Operations."));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(_restricted)).Status);
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(_public)).Status);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    public static TheoryData<string[]?> Outsiders => new() { null, Array.Empty<string>(), new[] { "engineering" }, new[] { "Finance", "sales" } };

    [Theory]
    [MemberData(nameof(Outsiders), MemberType = typeof(AccessControlTests))]
    public async Task A_restricted_document_never_reaches_another_group_or_an_anonymous_caller(string[]? groups)
    {
        var answer = await PostAsync<AgentAnswer>("/answer", new AgentAnswerRequest(Question, TopK: 50, CallerGroups: groups));
        var search = await PostAsync<SearchResponse>("/search", new SearchRequest("executive bonus pool 2024 million", TopK: 50, CallerGroups: groups));
        var evidence = await PostAsync<EvidenceResponse>("/evidence", new AgentAnswerRequest(Question, CallerGroups: groups));
        var byId = await PostAsync<SearchResponse>("/search", new SearchRequest("bonus", Filters: new SearchFilters([_restricted]), CallerGroups: groups));
        var query = groups is null ? "" : "?" + string.Join('&', groups.Select(g => "callerGroups=" + Uri.EscapeDataString(g)));
        var chunks = await _app.Client.GetAsync($"/documents/{_restricted}/chunks{query}");

        Assert.DoesNotContain(SecretFact, answer.Answer);
        Assert.All(answer.Citations, c => Assert.NotEqual(_restricted, c.DocumentId));
        Assert.All(answer.Citations, c => Assert.DoesNotContain(SecretFact, c.Snippet));
        Assert.All(answer.Contexts, c => Assert.DoesNotContain(SecretFact, c.Text));
        Assert.NotEmpty(search.Hits); // the public document is found ...
        Assert.All(search.Hits, h => Assert.NotEqual(_restricted, h.DocumentId)); // ... the restricted one never
        Assert.NotEqual("finance-bonus.txt", evidence.DocumentName);
        Assert.Empty(byId.Hits);
        Assert.Equal(HttpStatusCode.NotFound, chunks.StatusCode);
    }

    [Fact]
    public async Task A_caller_in_the_group_gets_the_restricted_document()
    {
        var answer = await PostAsync<AgentAnswer>("/answer", new AgentAnswerRequest(Question, CallerGroups: ["engineering", "finance"]));
        var chunks = await _app.Client.GetAsync($"/documents/{_restricted}/chunks?callerGroups=finance");

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Contains(SecretFact, answer.Answer);
        Assert.Equal(_restricted, answer.Citations[0].DocumentId);
        Assert.Equal(HttpStatusCode.OK, chunks.StatusCode);
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await _app.Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(SwitchboardJson.Options))!;
    }
}

public sealed class AccessControlTests_Sqlite(RedisServerFixture redis) : AccessControlTests(redis, StoreKind.Sqlite);

public sealed class AccessControlTests_Qdrant(RedisServerFixture redis) : AccessControlTests(redis, StoreKind.Qdrant);
