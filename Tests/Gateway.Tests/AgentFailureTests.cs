using System.Net;
using System.Net.Sockets;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests;

/// <summary>When an agent is needed and fails, the client gets a 503 naming it, never an invented answer.</summary>
[Collection(GatewayCollection.Name)]
public sealed class AgentFailureTests(GatewayFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        fixture.Agents.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(AgentNames.Router)]
    [InlineData(AgentNames.Compliance)]
    [InlineData(AgentNames.Retrieval)]
    public async Task Unreachable_agent_gives_503_naming_it(string agent)
    {
        // A port nothing listens on: connections are refused, as when the agent's process is down.
        await using var gateway = fixture.WithSetting($"services:{agent}:http:0", $"http://127.0.0.1:{FreePort.Next()}");
        var client = gateway.CreateClient();
        var before = (await fixture.Db.StreamRangeAsync(Streams.Interactions)).Length;

        var response = await client.AskAsync(new { question = "What is the refund policy?" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal($"{agent} unavailable", problem.GetProperty("title").GetString());
        // No answer, but the question is counted as failed (the ledger's error series), with the outcome that failed it.
        var recorded = (await fixture.ReadStreamAsync<InteractionRecorded>(Streams.Interactions)).Skip(before).ToList();
        var failed = Assert.Single(recorded);
        Assert.Equal((AnswerStatus.Failed, "unavailable", 0), (failed.Status, failed.Failure, failed.CitationCount));
    }

    [Theory]
    [InlineData(AgentNames.Retrieval, false)]
    [InlineData(AgentNames.Retrieval, true)]
    [InlineData(AgentNames.Router, false)]
    public async Task Agent_whose_connections_are_accepted_then_dropped_gives_503_naming_it(string agent, bool reset)
    {
        // What the Gateway sees behind a proxy (DCP's, in front of the RetrievalAgent's replicas) once the agent's processes
        // are gone: the proxy accepts the connection, reads the request, then closes it (or resets it) without an answer.
        // That is the agent being down, as a refused connection is, not a slow agent: 503 naming it, never a 504.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var stop = new CancellationTokenSource();
        var dropping = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = await listener.AcceptTcpClientAsync(stop.Token);
                await connection.GetStream().ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false, stop.Token);
                if (reset)
                {
                    connection.Client.LingerState = new LingerOption(true, 0);
                }
            }
        });
        await using var gateway = fixture.WithSetting($"services:{agent}:http:0", $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        var response = await gateway.CreateClient().AskAsync(new { question = "What is the refund policy?" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal($"{agent} unavailable", problem.GetProperty("title").GetString());
        Assert.Equal(agent, problem.GetProperty("agent").GetString());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropping);
    }

    [Fact]
    public async Task Agent_answering_500_gives_503_naming_it_without_retrying()
    {
        fixture.Agents.Retrieval = _ => throw new InvalidOperationException("index corrupted");
        await using var gateway = fixture.WithSetting("Gateway:AgentCalls:MaxRetryAttempts", "2");

        var response = await gateway.CreateClient().AskAsync(new { question = "What is the refund policy?" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("retrieval unavailable", problem.GetProperty("title").GetString());
        Assert.StartsWith("retrieval unavailable: POST /answer answered 500", problem.Detail());
        // Only connection failures are retried: the agent answered, so asking again would only add load.
        Assert.Single(fixture.Agents.RetrievalRequests);
        Assert.Empty(fixture.Agents.Reviews);
    }

    [Fact]
    public async Task Compliance_verdict_outside_the_contract_fails_closed()
    {
        fixture.Agents.Screen = request => new ScreenResult("maybe", request.Question, [], null);

        var response = await fixture.Factory.CreateClient().AskAsync(new { question = "What is the refund policy?" });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("compliance unavailable", problem.GetProperty("title").GetString());
        Assert.Empty(fixture.Agents.Routes);
    }
}
