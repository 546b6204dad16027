using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.Overload;
using Switchboard.Gateway.Tests.Fakes;
using Switchboard.Tests.Support;

using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Tests;

/// <summary>
/// Overload control end to end at the Gateway: one deadline carried to every agent, retries only of connection
/// failures (onto another replica), a circuit breaker per agent, shedding, and what each failure tells the client.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class OverloadControlTests(GatewayFixture fixture) : IAsyncLifetime
{
    private const string Question = FakeAgents.RefundQuestion;

    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_agent_call_carries_the_remaining_deadline()
    {
        await fixture.Factory.CreateClient().AskOkAsync(new { question = Question });

        var calls = fixture.Agents.Calls.ToList();
        Assert.Equal(["/screen", "/route", "/answer", "/review"], calls.Select(c => c.Path));
        var budgets = calls.Select(c => long.Parse(c.DeadlineMs, CultureInfo.InvariantCulture)).ToList();
        // Each call gets what is left of the fixture's Gateway:Deadline, less and less as the request goes on.
        Assert.All(budgets, ms => Assert.InRange(ms, 1, GatewayFixture.DeadlineMs));
        Assert.Equal(budgets.OrderByDescending(ms => ms), budgets);
    }

    [Fact]
    public async Task A_caller_may_ask_for_a_shorter_deadline_but_not_a_longer_one()
    {
        var client = fixture.Factory.CreateClient();

        client.DefaultRequestHeaders.Add(RequestDeadline.HeaderName, "2000");
        await client.AskOkAsync(new { question = Question });
        client.DefaultRequestHeaders.Remove(RequestDeadline.HeaderName);
        client.DefaultRequestHeaders.Add(RequestDeadline.HeaderName, "600000");
        await client.AskOkAsync(new { question = Question });

        var screens = fixture.Agents.CallsTo(AgentNames.Compliance).Where(c => c.Path == "/screen")
            .Select(c => long.Parse(c.DeadlineMs, CultureInfo.InvariantCulture)).ToList();
        Assert.InRange(screens[0], 1, 2000);
        Assert.InRange(screens[1], 2001, GatewayFixture.DeadlineMs);
    }

    [Fact]
    public async Task Deadline_passing_while_an_agent_works_gives_504_naming_it_cancels_its_work_and_is_not_retried()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Agents.Interceptors[AgentNames.Retrieval] = async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }

            return Results.Empty;
        };
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            ["Gateway:Deadline"] = "00:00:01",
            ["Gateway:AgentCalls:MaxRetryAttempts"] = "2",
        });
        var client = gateway.CreateClient();
        var before = (await fixture.Db.StreamRangeAsync(Streams.Interactions)).Length;

        var watch = Stopwatch.StartNew();
        var response = await client.AskAsync(new { question = Question });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.GatewayTimeout);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("retrieval timed out", problem.GetProperty("title").GetString());
        Assert.Equal("retrieval", problem.GetProperty("agent").GetString());
        Assert.Single(fixture.Agents.CallsTo(AgentNames.Retrieval));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)); // the agent's work was cancelled, not left running
        Assert.Empty(fixture.Agents.Reviews);
        var failed = Assert.Single((await fixture.ReadStreamAsync<InteractionRecorded>(Streams.Interactions)).Skip(before));
        Assert.Equal((AnswerStatus.Failed, "timeout", Question), (failed.Status, failed.Failure, failed.Question));
    }

    [Fact]
    public async Task Agent_shedding_load_gives_503_busy_with_its_retry_after_and_is_not_retried()
    {
        fixture.Agents.Interceptors[AgentNames.Retrieval] = context =>
        {
            context.Response.Headers.RetryAfter = "3";
            return Task.FromResult<IResult?>(Results.Problem("RetrievalAgent is busy", statusCode: 503, title: "service busy"));
        };
        await using var gateway = fixture.WithSetting("Gateway:AgentCalls:MaxRetryAttempts", "2");

        var response = await gateway.CreateClient().AskAsync(new { question = Question });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("retrieval busy", problem.GetProperty("title").GetString());
        Assert.StartsWith("retrieval busy, retry in 3 s", problem.Detail());
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Single(fixture.Agents.CallsTo(AgentNames.Retrieval));
        Assert.Single(fixture.Agents.CallsTo(AgentNames.Compliance)); // screened, never reviewed
    }

    [Fact]
    public async Task Agent_rejecting_the_request_gives_502_saying_which_agent_and_what_it_said()
    {
        fixture.Agents.Interceptors[AgentNames.Retrieval] = _ => Task.FromResult<IResult?>(
            Results.ValidationProblem(new Dictionary<string, string[]> { ["question"] = ["The question is longer than 2000 characters."] }));

        var response = await fixture.Factory.CreateClient().AskAsync(new { question = Question });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway);
        Assert.Equal("retrieval rejected the request", problem.GetProperty("title").GetString());
        Assert.Equal("retrieval", problem.GetProperty("agent").GetString());
        Assert.Equal(400, problem.GetProperty("agentStatus").GetInt32());
        Assert.Contains("POST /answer answered 400", problem.Detail());
        Assert.Contains("question: The question is longer than 2000 characters.", problem.Detail());
        Assert.DoesNotContain("unavailable", problem.Detail());
        Assert.Single(fixture.Agents.CallsTo(AgentNames.Retrieval));
    }

    [Fact]
    public async Task One_agent_down_opens_its_own_circuit_and_no_other()
    {
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            [$"services:{AgentNames.Reporting}:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Gateway:AgentCalls:MinimumThroughput"] = "2",
            ["Gateway:AgentCalls:BreakDuration"] = "00:00:30",
        });
        var client = gateway.CreateClient();
        fixture.Agents.Route = request => new RouteDecision(Intents.UsageReport, 0.9, [AgentNames.Reporting], request.Question);

        var details = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var problem = await ProblemAssert.IsProblemAsync(
                await client.AskAsync(new { question = "How many tokens did we use today?" }), HttpStatusCode.ServiceUnavailable);
            Assert.Equal("reporting unavailable", problem.GetProperty("title").GetString());
            details.Add(problem.Detail());
        }

        Assert.Contains(details, d => d.Contains("circuit is open"));

        // The reporting circuit is open; compliance, router and retrieval answer as before through the same Gateway.
        fixture.Agents.Route = request => new RouteDecision(Intents.Documents, 0.93, [AgentNames.Retrieval], request.Question);
        var answer = await client.AskOkAsync(new { question = Question });
        Assert.Equal(AnswerStatus.Answered, answer.Status);
    }

    [Fact]
    public async Task Circuit_closes_again_soon_after_the_agent_recovers()
    {
        fixture.Agents.Interceptors[AgentNames.Retrieval] = _ => Task.FromResult<IResult?>(Results.StatusCode(500));
        await using var gateway = fixture.WithSetting("Gateway:AgentCalls:MinimumThroughput", "2"); // default 1 s break
        var client = gateway.CreateClient();

        await Eventually.MatchAsync(
            async () => (await ProblemAssert.IsProblemAsync(await client.AskAsync(new { question = Question }), HttpStatusCode.ServiceUnavailable)).Detail(),
            detail => detail.Contains("circuit is open"),
            "the retrieval circuit to open", seconds: 10);
        var reached = fixture.Agents.CallsTo(AgentNames.Retrieval).Count;
        var open = await client.AskAsync(new { question = Question });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, open.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), open.Headers.RetryAfter?.Delta); // the break duration
        Assert.Equal(reached, fixture.Agents.CallsTo(AgentNames.Retrieval).Count); // an open circuit sends nothing

        fixture.Agents.Interceptors.Clear(); // the agent recovers
        var recovered = Stopwatch.StartNew();
        await Eventually.MatchAsync(
            () => client.AskAsync(new { question = Question }),
            response => response.StatusCode == HttpStatusCode.OK,
            "an answer once retrieval is back", seconds: 10);
        // A 1 s break and one probe: it closes about a second after the agent is back (generous bound for a busy machine).
        Assert.True(recovered.Elapsed < TimeSpan.FromSeconds(6), $"the circuit took {recovered.Elapsed} to close");
    }

    [Fact]
    public async Task Connection_refused_is_retried_on_the_second_replica()
    {
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            [$"services:{AgentNames.Retrieval}:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            [$"services:{AgentNames.Retrieval}:http:1"] = fixture.Agents.Urls[AgentNames.Retrieval],
        });
        var client = gateway.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(AnswerStatus.Answered, (await client.AskOkAsync(new { question = Question })).Status);
        }

        Assert.Equal(6, fixture.Agents.RetrievalRequests.Count); // each question answered once, by the live replica
    }

    [Fact]
    public async Task A_dead_replica_is_ejected_so_concurrent_calls_go_to_the_live_one()
    {
        // One retry only: without ejection, round robin sends about one call in four to the dead replica twice.
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            [$"services:{AgentNames.Retrieval}:http:0"] = $"http://127.0.0.1:{FreePort.Next()}",
            [$"services:{AgentNames.Retrieval}:http:1"] = fixture.Agents.Urls[AgentNames.Retrieval],
            ["Gateway:AgentCalls:MaxRetryAttempts"] = "1",
        });
        var client = gateway.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.AskOkAsync(new { question = Question })));

        Assert.All(answers, a => Assert.Equal(AnswerStatus.Answered, a.Status));
        Assert.Equal(20, fixture.Agents.RetrievalRequests.Count);
    }

    [Fact]
    public void An_ejected_address_is_routed_to_another_known_replica_until_its_time_is_up()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var health = new EndpointHealth(time);
        var dead = new Uri("http://127.0.0.1:7001/answer");
        var live = new Uri("http://127.0.0.1:7002/answer");
        Assert.Equal(dead, health.Route(AgentNames.Retrieval, dead));
        Assert.Equal(live, health.Route(AgentNames.Retrieval, live));

        health.Eject(dead);
        Assert.Equal(live, health.Route(AgentNames.Retrieval, dead));
        Assert.Equal(live, health.Route(AgentNames.Retrieval, live));

        time.Advance(EndpointHealth.EjectFor);
        Assert.Equal(dead, health.Route(AgentNames.Retrieval, dead));

        // Every replica down: the call goes where discovery sent it and fails there, naming the agent.
        health.Eject(dead);
        health.Eject(live);
        Assert.Equal(dead, health.Route(AgentNames.Retrieval, dead));
    }

    [Fact]
    public async Task Calls_spread_across_the_replicas()
    {
        var second = 0;
        var (replica, url) = await LoopbackServer.StartAsync(app => app.MapPost("/answer", () =>
        {
            Interlocked.Increment(ref second);
            return new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, FakeAgents.RefundAnswer, FakeAgents.RefundCitations, FakeAgents.RefundContexts);
        }));
        await using var _ = replica;
        await using var gateway = fixture.WithSetting($"services:{AgentNames.Retrieval}:http:1", url);
        var client = gateway.CreateClient();

        for (var i = 0; i < 6; i++)
        {
            await client.AskOkAsync(new { question = Question });
        }

        Assert.Equal(6, fixture.Agents.RetrievalRequests.Count + second);
        Assert.InRange(second, 1, 5);
    }

    [Fact]
    public async Task Gateway_beyond_its_limit_answers_503_busy_at_once_while_health_stays_up()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        fixture.Agents.Interceptors[AgentNames.Retrieval] = async _ =>
        {
            await gate.Task;
            return null;
        };
        await using var gateway = fixture.WithSettings(new Dictionary<string, string>
        {
            ["Overload:MaxConcurrentRequests"] = "1",
            ["Overload:QueueLimit"] = "0",
            ["Overload:RetryAfter"] = "00:00:02",
        });
        var client = gateway.CreateClient();

        var first = client.AskAsync(new { question = Question });
        await Eventually.MatchAsync(() => Task.FromResult(fixture.Agents.CallsTo(AgentNames.Retrieval).Count), n => n == 1, "the first question to reach retrieval");

        var watch = Stopwatch.StartNew();
        var shed = await client.AskAsync(new { question = Question });
        var elapsed = watch.Elapsed;
        var health = await client.GetAsync("/health");
        gate.SetResult();

        var problem = await ProblemAssert.IsProblemAsync(shed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("service busy", problem.GetProperty("title").GetString());
        Assert.Contains("busy, retry in 2 s", problem.Detail());
        Assert.Equal(TimeSpan.FromSeconds(2), shed.Headers.RetryAfter?.Delta);
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"shedding took {elapsed}");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Single(fixture.Agents.Screens); // the shed question never reached an agent
    }
}
