using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Api;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Api;

/// <summary>Metadata filters over HTTP, their validation, and <c>POST /evidence</c> for threshold calibration, once per chunk store.</summary>
public abstract class FiltersAndEvidenceTests(RedisServerFixture redis, StoreKind kind) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset LastYear = new(2023, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThisYear = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly IStoreUnderTest _store = IStoreUnderTest.For(kind);
    private RetrievalApp _app = null!;
    private string _old = null!;
    private string _new = null!;

    public async Task InitializeAsync()
    {
        _app = new RetrievalApp(redis, await _store.AppSettingsAsync());
        _old = await _app.UploadAsync("travel-2023.txt", "text/plain",
            Encoding.UTF8.GetBytes("Hotel costs are reimbursed up to 150 EUR per night."), tags: ["travel", "archive"], uploadedAt: LastYear);
        _new = await _app.UploadAsync("travel-2024.txt", "text/plain",
            Encoding.UTF8.GetBytes("Hotel costs are reimbursed up to 180 EUR per night."), tags: ["travel"], uploadedAt: ThisYear);
        await _app.WaitForIngestionAsync(_old);
        await _app.WaitForIngestionAsync(_new);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    public static TheoryData<string, SearchFilters, string[]> Cases => new()
    {
        { "documentIds", new SearchFilters(DocumentIds: ["{old}"]), ["travel-2023.txt"] },
        { "sourceNames", new SearchFilters(SourceNames: ["TRAVEL-2024.TXT"]), ["travel-2024.txt"] },
        { "tags", new SearchFilters(Tags: ["archive"]), ["travel-2023.txt"] },
        { "tags any", new SearchFilters(Tags: ["archive", "Travel"]), ["travel-2023.txt", "travel-2024.txt"] },
        { "uploadedFrom", new SearchFilters(UploadedFrom: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), ["travel-2024.txt"] },
        { "uploadedTo", new SearchFilters(UploadedTo: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)), ["travel-2023.txt"] },
    };

    [Theory]
    [MemberData(nameof(Cases), MemberType = typeof(FiltersAndEvidenceTests))]
    public async Task Search_and_answer_honour_each_filter(string name, SearchFilters filters, string[] expected)
    {
        filters = filters with { DocumentIds = filters.DocumentIds?.Select(d => d == "{old}" ? _old : d).ToList() };

        var search = await PostAsync<SearchResponse>("/search", new SearchRequest("hotel costs reimbursed", Filters: filters));
        var answer = await PostAsync<AgentAnswer>("/answer", new AgentAnswerRequest("How much are hotel costs reimbursed per night?", Filters: filters));

        Assert.Equal(expected, search.Hits.Select(h => h.DocumentName).Distinct().Order());
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.All(answer.Citations, c => Assert.Contains(c.DocumentName, expected));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public async Task Contradictory_or_oversized_filters_are_problems_naming_the_field()
    {
        var backwards = await _app.Client.PostAsJsonAsync("/answer", new AgentAnswerRequest("hotel",
            Filters: new SearchFilters(UploadedFrom: ThisYear, UploadedTo: LastYear)));
        var tooMany = await _app.Client.PostAsJsonAsync("/search", new SearchRequest("hotel",
            CallerGroups: Enumerable.Range(0, 101).Select(i => "g" + i).ToList()));

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.True((await backwards.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("filters.uploadedTo", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("callerGroups", out _));
    }

    [Fact]
    public async Task Evidence_reports_the_unthresholded_score_and_the_status_at_the_configured_threshold()
    {
        var inScope = await PostAsync<EvidenceResponse>("/evidence", new AgentAnswerRequest("How much are hotel costs reimbursed per night?", Filters: new SearchFilters([_new])));
        var outOfScope = await PostAsync<EvidenceResponse>("/evidence", new AgentAnswerRequest("Who won the 2018 World Cup?"));

        Assert.Equal(AnswerStatus.Answered, inScope.Status);
        Assert.Equal("travel-2024.txt", inScope.DocumentName);
        Assert.Null(inScope.Page);
        Assert.InRange(inScope.Evidence, 0.5, 1.0);
        Assert.Equal(AnswerStatus.NotFound, outOfScope.Status);
        Assert.True(outOfScope.Evidence < inScope.Evidence);

        // hotel, costs, reimbursed, per, night are in both chunks (IDF ln(1 + 0.5/2.5) each), "contractors" is in none
        // (the largest weight, ln(1 + 2.5/0.5)): the one thing the question is specifically about is missing.
        var partial = await PostAsync<EvidenceResponse>("/evidence", new AgentAnswerRequest(
            "How much are hotel costs reimbursed per night for contractors?", Filters: new SearchFilters([_new])));
        var common = EvidenceScorer.InverseDocumentFrequency(2, 2);
        Assert.Equal(5 * common / (5 * common + EvidenceScorer.InverseDocumentFrequency(2, 0)), partial.Evidence, 5);
        Assert.Equal(AnswerStatus.NotFound, partial.Status);
    }

    [Fact]
    public async Task Evidence_spells_out_null_locations_when_nothing_is_found()
    {
        var response = await _app.Client.PostAsJsonAsync("/evidence", new AgentAnswerRequest("zebra migration patterns"));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(0, json.GetProperty("evidence").GetDouble());
        Assert.Equal(AnswerStatus.NotFound, json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("documentName").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("page").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("row").ValueKind);
    }

    private async Task<T> PostAsync<T>(string path, object body)
    {
        var response = await _app.Client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(SwitchboardJson.Options))!;
    }
}

public sealed class FiltersAndEvidenceTests_Sqlite(RedisServerFixture redis) : FiltersAndEvidenceTests(redis, StoreKind.Sqlite);

public sealed class FiltersAndEvidenceTests_Qdrant(RedisServerFixture redis) : FiltersAndEvidenceTests(redis, StoreKind.Qdrant);

/// <summary>The same question as above at a stricter threshold: same evidence, other status (a sweep needs one pass).</summary>
public abstract class StrictThresholdEvidenceTests(RedisServerFixture redis, StoreKind kind) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task A_higher_min_evidence_changes_the_status_not_the_evidence()
    {
        await using var store = IStoreUnderTest.For(kind);
        var settings = new Dictionary<string, string>(await store.AppSettingsAsync()) { ["Retrieval:Answer:MinEvidence"] = "0.9" };
        await using var app = new RetrievalApp(redis, settings);
        var id = await app.UploadAsync("travel-2024.txt", "text/plain", Encoding.UTF8.GetBytes("Hotel costs are reimbursed up to 180 EUR per night."));
        await app.WaitForIngestionAsync(id);

        var response = await app.Client.PostAsJsonAsync("/evidence", new AgentAnswerRequest("How much are hotel costs reimbursed per night for contractors?"));
        var result = (await response.Content.ReadFromJsonAsync<EvidenceResponse>(SwitchboardJson.Options))!;
        var full = await app.Client.PostAsJsonAsync("/evidence", new AgentAnswerRequest("How much are hotel costs reimbursed per night?"));

        var present = EvidenceScorer.InverseDocumentFrequency(1, 1);
        Assert.Equal(5 * present / (5 * present + EvidenceScorer.InverseDocumentFrequency(1, 0)), result.Evidence, 5);
        Assert.Equal(AnswerStatus.NotFound, result.Status);
        Assert.Equal("travel-2024.txt", result.DocumentName);
        Assert.Equal(AnswerStatus.Answered, (await full.Content.ReadFromJsonAsync<EvidenceResponse>(SwitchboardJson.Options))!.Status);
    }
}

public sealed class StrictThresholdEvidenceTests_Sqlite(RedisServerFixture redis) : StrictThresholdEvidenceTests(redis, StoreKind.Sqlite);

public sealed class StrictThresholdEvidenceTests_Qdrant(RedisServerFixture redis) : StrictThresholdEvidenceTests(redis, StoreKind.Qdrant);
