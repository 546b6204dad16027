using System.Net.Http.Json;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Agents;

namespace Switchboard.RiskAgent.Tests;

/// <summary>
/// The model judge against a server speaking OpenAI's chat-completions protocol: it is on when a provider is configured,
/// it can raise the rules' level, never lower it, and a failed call leaves the rules' verdict.
/// </summary>
public sealed class ModelJudgeTests : IAsyncLifetime
{
    private FakeOpenAIServer _model = null!;

    public async Task InitializeAsync() => _model = await FakeOpenAIServer.StartAsync();

    public async Task DisposeAsync() => await _model.DisposeAsync();

    private async Task<RiskAssessment> AssessAsync(string answer)
    {
        await using var app = RiskApp.Create(_model.Settings.Select(s => (s.Key, s.Value)).ToArray());
        using var client = app.CreateClient();
        var response = await client.PostAsJsonAsync("/assess", new RiskRequest("Who handles refunds?", answer, []));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RiskAssessment>(AgentCore.SwitchboardJson.Options))!;
    }

    [Fact]
    public async Task The_judge_raises_the_level_with_its_reasons()
    {
        _model.Reply("""{"level":"high","reasons":["It tells the reader whom to blame for a loss."]}""", promptTokens: 90, completionTokens: 12);

        var result = await AssessAsync("Refunds are handled by support [1].");

        Assert.Equal(RiskLevels.High, result.Level);
        Assert.Equal("rules+model", result.Judge);
        Assert.Contains(result.Reasons, r => r.Code == RiskCodes.ModelJudge && r.Detail.Contains("whom to blame", StringComparison.Ordinal));
        Assert.Equal(90, result.Usage?.InputTokens);
        Assert.StartsWith("You are a risk officer", _model.SystemText(0));
    }

    [Fact]
    public async Task The_judge_cannot_lower_the_rules_level_and_a_failure_keeps_the_rules()
    {
        _model.Reply("""{"level":"low","reasons":[]}""");
        var lowered = await AssessAsync("You should buy the stock now [1].");
        Assert.Equal(RiskLevels.High, lowered.Level);

        _model.Fail();
        var failed = await AssessAsync("You should sue them [1].");
        Assert.Equal(RiskLevels.High, failed.Level);
        Assert.Equal("rules", failed.Judge);
    }
}
