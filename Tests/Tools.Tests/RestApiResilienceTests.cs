using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Switchboard.AgentCore.Tools.Rest;
using Switchboard.Tests.Support;
using Switchboard.Tools.Tests.Support;

namespace Switchboard.Tools.Tests;

/// <summary>The connector's own pipeline against a real local server that fails on purpose.</summary>
public sealed class RestApiResilienceTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> Item7 = new() { ["id"] = "7" };
    private ScriptedApiServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_the_call_succeeds()
    {
        _server.Respond = (context, n) => n <= 2
            ? ScriptedApiServer.Json(context, 500, """{"title":"boom"}""")
            : ScriptedApiServer.Json(context, 200, """{"value":42}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress));

        var result = await host.Connector.CallAsync("items", "get", Item7);

        Assert.Equal("42", result.Values["value"]);
        Assert.Equal(3, _server.Count);
        Assert.All(_server.Seen, r => Assert.Equal("/v1/items/7", r.PathAndQuery));
        Assert.Equal(2, host.Logs.Lines.Count(l => l.Contains("retrying in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Retries_stop_at_MaxAttempts_and_the_failure_names_the_status()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 502, """{"title":"bad gateway"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress));

        var ex = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        Assert.Equal(ToolFailure.Unavailable, ex.Failure);
        Assert.Equal(502, ex.StatusCode);
        Assert.Equal(3, _server.Count);
    }

    [Fact]
    public async Task A_resilience_handler_inherited_from_the_hosts_client_defaults_is_not_stacked_under_the_tool_pipeline()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 500, """{"title":"down"}""");
        // ServiceDefaults no longer gives every client a handler; a host that does (as it once did) must not change the tools.
        await using var host = await ToolHost.StartAsync(
            ToolHost.Api("items", _server.BaseAddress, ("Retry:MaxAttempts", "1")),
            configure: services =>
            {
                services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
                services.ConfigureAll<HttpStandardResilienceOptions>(o => o.Retry.Delay = TimeSpan.FromMilliseconds(1));
            });

        // Control: an ordinary client of the same host does have the inherited handler, which retries a 500 three times.
        using (var plain = await host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("plain")
                   .GetAsync(new Uri(_server.BaseAddress, "/plain")))
        {
            Assert.Equal(500, (int)plain.StatusCode);
        }

        Assert.Equal(4, _server.Count);

        await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        // MaxAttempts 1 means one request: nothing underneath retried it.
        Assert.Equal(5, _server.Count);
        Assert.Single(_server.Seen, r => r.PathAndQuery == "/v1/items/7");
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Retry_after_in_seconds_is_waited_out_before_the_retry(int status)
    {
        var time = new RecordingTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        _server.Respond = (context, n) => n == 1
            ? ScriptedApiServer.Json(context, status, """{"title":"slow down"}""", h => h.RetryAfter = "2")
            : ScriptedApiServer.Json(context, 200, """{"value":"ok"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress), time);

        var call = host.Connector.CallAsync("items", "get", Item7);

        // The retry waits on the (fake) clock for exactly the header's 2 s (not the 10-100 ms backoff) ...
        await Eventually.MatchAsync(() => Task.FromResult(time.TimerDueTimes), t => t.Contains(TimeSpan.FromSeconds(2)), "the 2 s retry delay");
        Assert.Equal(1, _server.Count);

        // ... and 1.9 s later the retry must still not have been sent.
        time.Advance(TimeSpan.FromMilliseconds(1900));
        await Task.Delay(300);
        Assert.Equal(1, _server.Count);
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(100));
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ok", result.Values["value"]);
        Assert.Equal(2, _server.Count);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_waited_out_before_the_retry()
    {
        var time = new RecordingTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        _server.Respond = (context, n) => n == 1
            ? ScriptedApiServer.Json(context, 429, "{}", h => h.RetryAfter = time.GetUtcNow().AddSeconds(3).ToString("R"))
            : ScriptedApiServer.Json(context, 200, """{"value":"ok"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress), time);

        var call = host.Connector.CallAsync("items", "get", Item7);
        await Eventually.MatchAsync(() => Task.FromResult(time.TimerDueTimes), t => t.Contains(TimeSpan.FromSeconds(3)), "the 3 s retry delay");
        Assert.Equal(1, _server.Count);

        time.Advance(TimeSpan.FromMilliseconds(2900));
        await Task.Delay(300);
        Assert.Equal(1, _server.Count);

        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal("ok", (await call.WaitAsync(TimeSpan.FromSeconds(30))).Values["value"]);
        Assert.Equal(2, _server.Count);
    }

    [Fact]
    public async Task With_the_real_clock_the_retry_after_a_429_arrives_no_earlier_than_Retry_After()
    {
        _server.Respond = (context, n) => n == 1
            ? ScriptedApiServer.Json(context, 429, "{}", h => h.RetryAfter = "1")
            : ScriptedApiServer.Json(context, 200, """{"value":"ok"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress));

        await host.Connector.CallAsync("items", "get", Item7);

        var seen = _server.Seen;
        Assert.Equal(2, seen.Count);
        // A lower bound only. .NET timers may fire up to a tick (a few ms) early against the server's stopwatch, hence
        // the 50 ms allowance; without Retry-After this API's backoff would be at most MaxDelay (100 ms).
        var gap = seen[1].At - seen[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(950), $"retried after {gap.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_not_waited_for_and_is_reported()
    {
        _server.Respond = (context, _) => ScriptedApiServer.Json(context, 429, "{}", h => h.RetryAfter = "120");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress, ("Retry:MaxRetryAfter", "00:00:30")));

        var ex = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        Assert.Equal(ToolFailure.RateLimited, ex.Failure);
        Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
        Assert.True(ex.IsTransient);
        Assert.Equal(1, _server.Count);
    }

    [Fact]
    public async Task With_one_slot_and_a_queue_of_one_the_third_concurrent_call_is_rejected_at_once()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Respond = async (context, n) =>
        {
            await release.Task;
            await ScriptedApiServer.Json(context, 200, $$"""{"value":{{n}}}""");
        };
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("MaxConcurrency", "1"), ("QueueLimit", "1")));

        var first = host.Connector.CallAsync("items", "get", Item7);
        await Eventually.MatchAsync(() => Task.FromResult(_server.Count), n => n == 1, "the first call to reach the server");
        var second = host.Connector.CallAsync("items", "get", Item7);
        await Eventually.MatchAsync(() => Task.FromResult(host.Runtime.StatusOf("items")!.Queued), q => q == 1, "the second call to be queued");

        var third = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));

        Assert.Equal(ToolFailure.QueueFull, third.Failure);
        Assert.Contains("rejected", third.Message, StringComparison.Ordinal);
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, _server.Count);

        release.SetResult();
        var results = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["1", "2"], results.Select(r => r.Values["value"]).Order());
        Assert.Equal(2, _server.Count);
        Assert.Equal(1, host.Runtime.StatusOf("items")!.Rejected);
    }

    [Fact]
    public async Task The_circuit_opens_after_the_failure_threshold_fails_fast_then_half_opens_and_closes()
    {
        var healthy = false;
        _server.Respond = (context, _) => Volatile.Read(ref healthy)
            ? ScriptedApiServer.Json(context, 200, """{"value":"back"}""")
            : ScriptedApiServer.Json(context, 500, """{"title":"down"}""");
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress,
            ("Retry:MaxAttempts", "1"),
            ("CircuitBreaker:MinimumThroughput", "2"),
            ("CircuitBreaker:FailureRatio", "0.5"),
            ("CircuitBreaker:SamplingDuration", "00:00:30"),
            ("CircuitBreaker:BreakDuration", "00:00:01")));

        for (var i = 0; i < 2; i++)
        {
            var failed = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));
            Assert.Equal(ToolFailure.Unavailable, failed.Failure);
        }

        Assert.Equal(CircuitState.Open, host.Runtime.StatusOf("items")!.Circuit);
        var fast = await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));
        Assert.Equal(ToolFailure.CircuitOpen, fast.Failure);
        Assert.Equal(2, _server.Count); // the open circuit did not let it through

        Volatile.Write(ref healthy, true);
        var recovered = await Eventually.MatchAsync(async () =>
        {
            try
            {
                return await host.Connector.CallAsync("items", "get", Item7);
            }
            catch (ToolCallException ex) when (ex.Failure == ToolFailure.CircuitOpen)
            {
                return null;
            }
        }, r => r is not null, "the circuit to let a trial call through");

        Assert.Equal("back", recovered!.Values["value"]);
        Assert.Equal(3, _server.Count); // exactly one trial call reached the server
        Assert.Equal(CircuitState.Closed, host.Runtime.StatusOf("items")!.Circuit);
        Assert.Contains(host.Logs.Lines, l => l.Contains("circuit opened", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("circuit half-open", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("circuit closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_attempt_that_takes_longer_than_Timeout_is_cut_and_retried()
    {
        _server.Respond = async (context, n) =>
        {
            if (n == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted).ContinueWith(_ => { });
                return;
            }

            await ScriptedApiServer.Json(context, 200, """{"value":"fast"}""");
        };
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress, ("Timeout", "00:00:00.300")));

        var result = await host.Connector.CallAsync("items", "get", Item7);

        Assert.Equal("fast", result.Values["value"]);
        Assert.Equal(2, _server.Count);
    }

    [Fact]
    public async Task A_POST_is_not_retried_after_a_500_but_is_after_a_429()
    {
        _server.Respond = (context, n) => n switch
        {
            1 => ScriptedApiServer.Json(context, 500, "{}"),
            2 => ScriptedApiServer.Json(context, 429, "{}", h => h.RetryAfter = "0"),
            _ => ScriptedApiServer.Json(context, 200, """{"value":"created"}"""),
        };
        await using var host = await ToolHost.StartAsync(ToolHost.Api("items", _server.BaseAddress, ("Operations:get:Method", "POST")));

        await Assert.ThrowsAsync<ToolCallException>(() => host.Connector.CallAsync("items", "get", Item7));
        Assert.Equal(1, _server.Count);

        var result = await host.Connector.CallAsync("items", "get", Item7);
        Assert.Equal("created", result.Values["value"]);
        Assert.Equal(3, _server.Count);
    }

    [Fact]
    public void Retry_after_reads_both_header_forms()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(TimeSpan.FromSeconds(7), RetryAfter.From(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), time));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryAfter.From(new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(90)), time));
        Assert.Equal(TimeSpan.Zero, RetryAfter.From(new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(-5)), time));
        Assert.Null(RetryAfter.From((RetryConditionHeaderValue?)null, time));
    }
}
