using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Tools.Answering;
using Switchboard.AgentCore.Tools.Rest;
using Switchboard.ComplianceAgent.Review;
using Switchboard.Tests.Support;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>The real FxRates sample API as a process (with an API key), and the connector configured exactly as shipped.</summary>
public sealed class FxRatesFixture : IAsyncLifetime
{
    public const string ApiKey = "fx-test-key-3b7d";

    public ServiceProcess FxRates { get; private set; } = null!;

    public string ToolsJson => Path.Combine(Metadata.RepositoryRoot, "SampleApis", "FxRates", "fxrates.tools.json");

    public async Task InitializeAsync() =>
        FxRates = await ServiceProcess.StartAsync("fxrates", Metadata.AppDll("SampleApis/FxRates", "FxRates"),
            new Dictionary<string, string?> { ["FxRates__ApiKey"] = ApiKey, ["ASPNETCORE_ENVIRONMENT"] = null },
            TimeSpan.FromMinutes(1));

    public async Task DisposeAsync()
    {
        if (FxRates is not null)
        {
            await FxRates.DisposeAsync();
        }
    }

    /// <summary>A host with fxrates.tools.json, the API found through service discovery and the secret from "the environment".</summary>
    public Task<ToolHost> StartToolsAsync(string secret = ApiKey) => ToolHost.StartAsync(
        new Dictionary<string, string?>
        {
            ["services:fxrates:http:0"] = FxRates.BaseAddress.ToString().TrimEnd('/'),
            ["Tools:Apis:fxrates:Auth:Secret"] = secret,
        },
        jsonFile: ToolsJson);
}

public sealed class FxRatesToolAnswerTests(FxRatesFixture fx) : IClassFixture<FxRatesFixture>
{
    private static readonly AnswerReviewer Reviewer = new(
        new OptionsMonitor<ReviewOptions>(new OptionsFactory<ReviewOptions>([], []), [], new OptionsCache<ReviewOptions>()),
        NullLogger<AnswerReviewer>.Instance);

    [Theory]
    [InlineData("What is the EUR/USD rate?", "EUR/USD", "1.0861", "2026-11-24", "/v1/rates/EUR/USD")]
    [InlineData("EUR to USD exchange rate", "EUR/USD", "1.0861", "2026-11-24", "/v1/rates/EUR/USD")]
    [InlineData("rate for GBP/JPY on 2026-11-20", "GBP/JPY", "191.0683", "2026-11-20", "/v1/rates/GBP/JPY?date=2026-11-20")]
    [InlineData("what was the eur/usd exchange rate on 2026-11-20?", "EUR/USD", "1.0842", "2026-11-20", "/v1/rates/EUR/USD?date=2026-11-20")]
    public async Task A_rate_question_is_answered_through_the_tool_with_a_citation_the_reviewer_accepts(
        string question, string pair, string rate, string asOf, string requestPath)
    {
        await using var host = await fx.StartToolsAsync();
        var answerer = host.Services.GetRequiredService<ToolAnswerer>();

        var answer = await answerer.TryAnswerAsync(question, "retrieval");

        Assert.NotNull(answer);
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("retrieval", answer.Agent);
        Assert.Equal($"The {pair} exchange rate on {asOf} is {rate}. [1]", answer.Answer);

        var citation = Assert.Single(answer.Citations);
        Assert.Equal(1, citation.Number);
        Assert.Equal("FX rates API", citation.DocumentName);
        Assert.Equal("api:fxrates/getRate", citation.DocumentId);
        Assert.Equal(requestPath, citation.ChunkId);
        Assert.Contains("Switchboard sample FX rates (demo data)", citation.Snippet, StringComparison.Ordinal);
        Assert.Contains(rate, citation.Snippet, StringComparison.Ordinal);

        var context = Assert.Single(answer.Contexts);
        Assert.Equal(1, context.Number);
        Assert.Contains($"The {pair} exchange rate on {asOf} is {rate}.", context.Text, StringComparison.Ordinal);

        // The ComplianceAgent's groundedness review, as the Gateway runs it on every answer.
        var review = Reviewer.Review(answer.Answer, answer.Contexts);
        Assert.Equal(ReviewVerdicts.Pass, review.Verdict);
    }

    [Theory]
    [InlineData("What does the travel policy say about hotel rates?")]
    [InlineData("How many vacation days do I get?")]
    [InlineData("")]
    public async Task A_question_no_pattern_matches_is_left_to_other_agents(string question)
    {
        await using var host = await fx.StartToolsAsync();

        Assert.Null(host.Services.GetRequiredService<ToolQuestionMatcher>().Match(question));
        Assert.Null(await host.Services.GetRequiredService<ToolAnswerer>().TryAnswerAsync(question));
    }

    [Fact]
    public async Task A_pair_the_api_does_not_know_is_not_found_rather_than_invented()
    {
        await using var host = await fx.StartToolsAsync();

        var answer = await host.Services.GetRequiredService<ToolAnswerer>().TryAnswerAsync("What is the EUR/XYZ rate?");

        Assert.NotNull(answer);
        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(answer.Citations);
        Assert.Contains("FX rates API has no result for EUR, XYZ", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_by_the_api_and_reported_without_the_secret()
    {
        const string wrong = "not-the-key-91af";
        await using var host = await fx.StartToolsAsync(wrong);

        var ex = await Assert.ThrowsAsync<ToolCallException>(() =>
            host.Services.GetRequiredService<ToolAnswerer>().TryAnswerAsync("What is the EUR/USD rate?"));

        Assert.Equal(ToolFailure.Unavailable, ex.Failure);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("Tools:Apis:fxrates:Auth", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, host.Logs.All, StringComparison.Ordinal);
    }
}
