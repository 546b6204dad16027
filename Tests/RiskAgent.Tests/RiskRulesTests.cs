using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.RiskAgent.Tests;

/// <summary>Each rule class through the real <c>POST /assess</c>, with a plain answer beside it that must stay low.</summary>
public sealed class RiskRulesTests : IAsyncLifetime
{
    private static readonly Citation PolicyCitation = new(1, "doc-travel", "travel-expense-policy.pdf", 2, null, "doc-travel:1", "Hotel costs are reimbursed.", 0.9);
    private static readonly Citation CsvCitation = new(1, "doc-q", "quarterly-figures.csv", null, 3, "doc-q:3", "2024-Q3,revenue,4.2", 0.9);
    private static readonly Citation ApiCitation = new(1, "api:fxrates/getRate", "FX rates API", null, null, "/v1/rates/EUR/USD", "EUR/USD — rate: 1.0842", 1);

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _app = RiskApp.Create(
            ("Risk:RestrictedTopics:mergers:Terms:0", "acquisition"),
            ("Risk:RestrictedTopics:mergers:Terms:1", "merger"),
            ("Risk:RestrictedTopics:layoffs:Terms:0", "redundancies"),
            ("Risk:RestrictedTopics:layoffs:Level", "medium"));
        _client = _app.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<RiskAssessment> AssessAsync(string answer, string question = "What does the policy say?", Citation? citation = null, string verdict = ReviewVerdicts.Pass, double? minSupport = null)
    {
        var response = await _client.PostAsJsonAsync("/assess",
            new RiskRequest(question, answer, [citation ?? PolicyCitation], Intents.Documents, verdict, minSupport));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<RiskAssessment>(body, AgentCore.SwitchboardJson.Options)!;
    }

    [Fact]
    public async Task A_plain_cited_policy_answer_is_low_risk_with_no_reasons()
    {
        var result = await AssessAsync("Hotel costs are reimbursed for business trips [1].");

        Assert.Equal(RiskLevels.Low, result.Level);
        Assert.Empty(result.Reasons);
        Assert.Equal("rules", result.Judge);
    }

    [Theory]
    [InlineData("You should buy more shares of the fund before the next quarter [1].")]
    [InlineData("We recommend selling the bonds now [1].")]
    [InlineData("The plan offers guaranteed returns of 8 percent [1].")]
    [InlineData("Index funds are a safe investment for everyone [1].")]
    public async Task Financial_advice_is_high(string answer)
    {
        var result = await AssessAsync(answer);

        Assert.Equal(RiskLevels.High, result.Level);
        Assert.Contains(result.Reasons, r => r.Code == RiskCodes.FinancialAdvice && r.Level == RiskLevels.High);
    }

    [Fact]
    public async Task A_policy_that_mentions_investments_is_not_advice()
    {
        var result = await AssessAsync("The pension plan invests contributions in a mix of funds managed by the provider [1].");

        Assert.DoesNotContain(result.Reasons, r => r.Code == RiskCodes.FinancialAdvice);
    }

    [Theory]
    [InlineData("You should sue the landlord for the deposit [1].")]
    [InlineData("The company is legally liable for the damage [1].")]
    [InlineData("This constitutes a breach of contract [1].")]
    public async Task Legal_advice_is_high(string answer)
    {
        var result = await AssessAsync(answer);

        Assert.Equal(RiskLevels.High, result.Level);
        Assert.Contains(result.Reasons, r => r.Code == RiskCodes.LegalAdvice);
    }

    [Theory]
    [InlineData("Maria Keller's salary is 84,000 EUR per year [1].", "salary")]
    [InlineData("Dr. Jansen was on sick leave for three weeks in March [1].", "health")]
    [InlineData("You can reach Tom Baker at tom.baker@example.com [1].", "e-mail")]
    public async Task Personal_data_about_a_named_person_is_high(string answer, string kind)
    {
        var result = await AssessAsync(answer);

        Assert.Equal(RiskLevels.High, result.Level);
        var reason = Assert.Single(result.Reasons, r => r.Code == RiskCodes.PersonalData);
        Assert.Contains(kind, reason.Detail);
        Assert.Contains("named person", reason.Detail);
    }

    [Fact]
    public async Task Contact_details_without_a_name_are_medium_and_a_name_alone_is_nothing()
    {
        var contact = await AssessAsync("Write to support@example.com for help [1].");
        Assert.Equal(RiskLevels.Medium, contact.Level);
        Assert.Contains(contact.Reasons, r => r.Code == RiskCodes.PersonalData && r.Level == RiskLevels.Medium);

        var nameOnly = await AssessAsync("Maria Keller approves travel requests [1].");
        Assert.DoesNotContain(nameOnly.Reasons, r => r.Code == RiskCodes.PersonalData);
    }

    [Fact]
    public async Task Figures_from_a_csv_or_an_api_stated_as_fact_are_medium()
    {
        var csv = await AssessAsync("Revenue in 2024-Q3 was 4.2 million EUR [1].", citation: CsvCitation);
        var api = await AssessAsync("The EUR/USD rate is 1.0842 [1].", citation: ApiCitation);
        var document = await AssessAsync("Revenue in 2024-Q3 was 4.2 million EUR [1].");

        Assert.Equal(RiskLevels.Medium, csv.Level);
        Assert.Contains("quarterly-figures.csv", Assert.Single(csv.Reasons, r => r.Code == RiskCodes.FiguresAsFact).Detail);
        Assert.Contains("FX rates API", Assert.Single(api.Reasons, r => r.Code == RiskCodes.FiguresAsFact).Detail);
        Assert.DoesNotContain(document.Reasons, r => r.Code == RiskCodes.FiguresAsFact);
    }

    [Fact]
    public async Task Low_groundedness_is_medium()
    {
        var revised = await AssessAsync("Hotel costs are reimbursed [1].", verdict: ReviewVerdicts.Revise);
        var weak = await AssessAsync("Hotel costs are reimbursed [1].", minSupport: 0.62);
        var strong = await AssessAsync("Hotel costs are reimbursed [1].", minSupport: 0.95);

        Assert.Equal(RiskLevels.Medium, revised.Level);
        Assert.Contains(revised.Reasons, r => r.Code == RiskCodes.LowGroundedness);
        Assert.Contains("0.62", Assert.Single(weak.Reasons, r => r.Code == RiskCodes.LowGroundedness).Detail);
        Assert.Empty(strong.Reasons);
    }

    [Fact]
    public async Task Restricted_topics_come_from_configuration_with_their_level()
    {
        var merger = await AssessAsync("The board discussed the plan [1].", question: "Is the ACQUISITION of Contoso going ahead?");
        var layoffs = await AssessAsync("Redundancies are handled by HR [1].");
        var neither = await AssessAsync("Mergers of files are done nightly [1].", question: "How are mergers of files done?");

        Assert.Equal(RiskLevels.High, merger.Level);
        Assert.Contains("'mergers'", Assert.Single(merger.Reasons, r => r.Code == RiskCodes.RestrictedTopic).Detail);
        Assert.Equal(RiskLevels.Medium, layoffs.Level);
        // "merger" is a whole-word term: "mergers" does not match it.
        Assert.DoesNotContain(neither.Reasons, r => r.Code == RiskCodes.RestrictedTopic);
    }

    [Fact]
    public async Task The_level_is_the_highest_reason()
    {
        var result = await AssessAsync("Revenue was 4.2 million EUR, so you should buy the stock [1].", citation: CsvCitation);

        Assert.Equal(RiskLevels.High, result.Level);
        Assert.Contains(result.Reasons, r => r.Code == RiskCodes.FiguresAsFact && r.Level == RiskLevels.Medium);
        Assert.Contains(result.Reasons, r => r.Code == RiskCodes.FinancialAdvice && r.Level == RiskLevels.High);
    }

    [Fact]
    public async Task Instructions_found_in_a_source_are_a_medium_reason_naming_the_source_and_rule()
    {
        var response = await _client.PostAsJsonAsync("/assess", new RiskRequest("When does the harbour close?", "The harbour closes at 18:00 [1].",
            [PolicyCitation], Intents.Documents, ReviewVerdicts.Pass, SourceFindings: [new SourceFinding(1, "harbour-memo.md", "ignore_previous_instructions")]));
        var result = JsonSerializer.Deserialize<RiskAssessment>(await response.Content.ReadAsStringAsync(), AgentCore.SwitchboardJson.Options)!;

        var reason = Assert.Single(result.Reasons, r => r.Code == RiskCodes.SourceInstructions);
        Assert.Equal(RiskLevels.Medium, reason.Level);
        Assert.Contains("ignore_previous_instructions", reason.Detail, StringComparison.Ordinal);
        Assert.Contains("[1] harbour-memo.md", reason.Detail, StringComparison.Ordinal);
        Assert.Equal(RiskLevels.Medium, result.Level);
        // Without findings, the same answer has no such reason.
        Assert.DoesNotContain((await AssessAsync("The harbour closes at 18:00 [1].")).Reasons, r => r.Code == RiskCodes.SourceInstructions);
    }

    [Fact]
    public async Task Bad_input_is_a_400_problem_naming_the_field()
    {
        var missing = await _client.PostAsJsonAsync("/assess", new { question = "q" });
        var problem = await ProblemAsync(missing, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("answer", out _));

        var blank = await _client.PostAsJsonAsync("/assess", new { question = " ", answer = "a", minSupport = 2 });
        problem = await ProblemAsync(blank, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("question", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("minSupport", out _));

        using var malformed = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await _client.PostAsync("/assess", malformed), HttpStatusCode.BadRequest);
    }

    [Fact]
    public void A_wrong_level_in_configuration_stops_the_service_naming_the_key()
    {
        using var app = RiskApp.Create(("Risk:Levels:FinancialAdvice", "severe"));
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Risk:Levels:FinancialAdvice", error.ToString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }
}
