using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// Each agent killed in turn (SIGKILL) under a burst of mixed questions: what does not need it keeps being answered,
/// what needs it fails at once with a 503 that names it (never another agent), and everything is answered again once
/// it is back. Real processes; the RetrievalAgent's two replicas are killed together.
/// </summary>
[Collection(ReplicatedStackCollection.Name)]
public sealed class AgentOutageTests(ReplicatedStack stack, ITestOutputHelper output)
{
    private const string Usage = "How many questions were asked today?";
    private const string Smalltalk = "Hello";
    private const int Burst = 3;

    [Fact]
    public async Task Each_agent_down_in_turn_fails_only_what_needs_it_and_the_error_names_it()
    {
        await stack.EnsureSamplesIngestedAsync();
        var document = SampleQuestion.Load(stack.SamplesDirectory).First(q => q.Kind == SampleQuestion.InScope).Question;

        // Which question needs which agent: every ask is screened (compliance) and routed (router); documents go to
        // retrieval and usage questions to reporting; search goes to retrieval only.
        var cases = new (string Agent, string[] Broken, string[] Working, bool SearchWorks)[]
        {
            (AgentNames.Reporting, [Usage], [document, Smalltalk], true),
            (AgentNames.Retrieval, [document], [Usage, Smalltalk], false),
            (AgentNames.Router, [document, Usage, Smalltalk], [], true),
            (AgentNames.Compliance, [document, Usage, Smalltalk], [], true),
        };

        foreach (var (agent, broken, working, searchWorks) in cases)
        {
            var down = agent == AgentNames.Retrieval ? stack.RetrievalReplicas.ToList() : [stack.Agents[agent]];
            foreach (var service in down)
            {
                await service.KillAsync();
            }

            var outcomes = await Task.WhenAll(Enumerable.Range(0, Burst).SelectMany(_ => broken.Concat(working)).Select(AskAsync));
            foreach (var (question, status, body) in outcomes)
            {
                if (broken.Contains(question))
                {
                    Assert.True(status == HttpStatusCode.ServiceUnavailable, $"{agent} down, '{question}': {(int)status} {body}");
                    using var problem = JsonDocument.Parse(body);
                    Assert.Equal(agent, problem.RootElement.GetProperty("agent").GetString());
                    Assert.StartsWith(agent + " ", problem.RootElement.GetProperty("title").GetString());
                }
                else
                {
                    Assert.True(status == HttpStatusCode.OK, $"{agent} down, '{question}' should not need it: {(int)status} {body}");
                }
            }

            using (var search = await stack.Http.PostAsJsonAsync("/v1/search", new { query = document }))
            {
                Assert.Equal(searchWorks ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, search.StatusCode);
            }

            output.WriteLine($"{agent} down: {outcomes.Count(o => o.Status == HttpStatusCode.OK)} answered, " +
                             $"{outcomes.Count(o => o.Status == HttpStatusCode.ServiceUnavailable)} refused naming it");

            foreach (var service in down)
            {
                await stack.RestartAsync(service);
            }

            // Back: everything is answered again (the breaker closes after its short break).
            foreach (var question in broken)
            {
                await Eventually.MatchAsync(() => AskAsync(question), o => o.Status == HttpStatusCode.OK, $"'{question}' answered after {agent} is back", seconds: 30);
            }
        }
    }

    private async Task<(string Question, HttpStatusCode Status, string Body)> AskAsync(string question)
    {
        using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new { question }, SwitchboardJson.Options);
        return (question, response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
