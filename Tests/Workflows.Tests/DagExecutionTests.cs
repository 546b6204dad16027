using Switchboard.Tests.Support;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>The DAG layer against a real redis-server: order, retries with backoff, timeouts, skipped dependents, resuming.</summary>
public sealed class DagExecutionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static WorkflowOptions Options(int maxAttempts = 3, TimeSpan? timeout = null, string dag = "test") => new()
    {
        LeaseTtl = TimeSpan.FromSeconds(5),
        Dags =
        {
            [dag] = new DagSettings { MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromMilliseconds(20), StepTimeout = timeout ?? TimeSpan.FromSeconds(30) },
        },
    };

    private static Task<StepResult> Ok(string summary) => Task.FromResult(new StepResult(summary));

    [Fact]
    public async Task A_failing_middle_step_is_retried_then_its_dependents_are_skipped_and_the_run_fails_with_its_reason()
    {
        var dag = $"fail-{Guid.NewGuid():N}";
        var ran = new System.Collections.Concurrent.ConcurrentQueue<string>(); // "first" and "independent" run side by side
        var middleAttempts = 0;
        var test = new TestDag(dag,
            WorkflowStep.Create("first", (_, _) => { ran.Enqueue("first"); return Ok("done"); }),
            WorkflowStep.Create("middle", (_, _) =>
            {
                middleAttempts++;
                ran.Enqueue("middle");
                throw new InvalidOperationException($"source answered 503 (attempt {middleAttempts})");
            }, "first"),
            WorkflowStep.Create("last", (_, _) => { ran.Enqueue("last"); return Ok("done"); }, "middle"),
            WorkflowStep.Create("independent", (_, _) => { ran.Enqueue("independent"); return Ok("done"); }));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(dag: dag), test);

        var run = (await replica.CreateRunAsync(dag))!;
        Assert.True(await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None));

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Failed, saved.Status);
        Assert.Equal(3, middleAttempts);
        Assert.DoesNotContain("last", ran);
        Assert.Equal(StepStatus.Succeeded, saved.Step("first").Status);
        Assert.Equal(StepStatus.Succeeded, saved.Step("independent").Status);
        var middle = saved.Step("middle");
        Assert.Equal(StepStatus.Failed, middle.Status);
        Assert.Equal(3, middle.Attempts);
        Assert.Equal(3, middle.AttemptErrors.Count);
        Assert.Contains("source answered 503 (attempt 3)", middle.Error);
        var last = saved.Step("last");
        Assert.Equal(StepStatus.Skipped, last.Status);
        Assert.Equal(0, last.Attempts);
        Assert.Contains("'middle' failed", last.Error);
        Assert.Contains("step 'middle' failed", saved.Error);
        Assert.NotNull(saved.FinishedAt);
        Assert.Null(await replica.Store.ActiveRunIdAsync(dag)); // the DAG is free for the next run
    }

    [Fact]
    public async Task A_step_that_fails_twice_succeeds_on_its_third_attempt_after_growing_delays()
    {
        var dag = $"flaky-{Guid.NewGuid():N}";
        var times = new List<DateTimeOffset>();
        var test = new TestDag(dag,
            WorkflowStep.Create("flaky", (_, _) =>
            {
                times.Add(DateTimeOffset.UtcNow);
                return times.Count < 3 ? throw new HttpRequestException("connection refused") : Ok("third time");
            }),
            WorkflowStep.Create("after", (c, _) => Ok($"after {c.Run.Step("flaky").Summary}"), "flaky"));
        var options = Options(dag: dag);
        options.Dags[dag].RetryDelay = TimeSpan.FromMilliseconds(200);
        await using var replica = new EngineReplica(redis.ConnectionString, options, test);

        var run = (await replica.CreateRunAsync(dag))!;
        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Succeeded, saved.Status);
        Assert.Equal(3, saved.Step("flaky").Attempts);
        Assert.Equal(2, saved.Step("flaky").AttemptErrors.Count);
        Assert.Equal("after third time", saved.Step("after").Summary);
        // Exponential backoff: the second wait is about twice the first (200 ms, then 400 ms).
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(190), $"first delay {times[1] - times[0]}");
        Assert.True(times[2] - times[1] >= TimeSpan.FromMilliseconds(390), $"second delay {times[2] - times[1]}");
    }

    [Fact]
    public async Task A_step_past_its_timeout_fails_with_the_timeout_as_its_reason_and_the_run_ends()
    {
        var dag = $"slow-{Guid.NewGuid():N}";
        var test = new TestDag(dag, WorkflowStep.Create("hangs", async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new StepResult("never");
        }));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(maxAttempts: 2, timeout: TimeSpan.FromMilliseconds(300), dag: dag), test);

        var run = (await replica.CreateRunAsync(dag))!;
        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Failed, saved.Status);
        Assert.Equal(2, saved.Step("hangs").Attempts);
        Assert.Contains("timed out after", saved.Step("hangs").Error);
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        var dag = $"permanent-{Guid.NewGuid():N}";
        var attempts = 0;
        var test = new TestDag(dag, WorkflowStep.Create("config", (_, _) =>
        {
            attempts++;
            throw new PermanentStepException("Workflows:Evaluation:QuestionsFile '/nowhere' does not exist");
        }));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(maxAttempts: 5, dag: dag), test);

        var run = (await replica.CreateRunAsync(dag))!;
        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        Assert.Equal(1, attempts);
        Assert.Contains("does not exist", (await replica.Store.GetAsync(run.Id))!.Step("config").Error);
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_replica_resumes_after_its_succeeded_steps()
    {
        var dag = $"resume-{Guid.NewGuid():N}";
        var firstRuns = 0;
        var test = new TestDag(dag,
            WorkflowStep.Create("first", (_, _) => { firstRuns++; return Ok("first"); }),
            WorkflowStep.Create("second", (_, _) => Ok("second"), "first"));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(dag: dag), test);

        // What a killed replica leaves: the first step done, the second running, the run running, no lease.
        var run = (await replica.CreateRunAsync(dag))!;
        run.Status = RunStatus.Running;
        run.StartedAt = DateTimeOffset.UtcNow;
        run.Executions = 1;
        run.Step("first").Status = StepStatus.Succeeded;
        run.Step("second").Status = StepStatus.Running;
        run.Step("second").Attempts = 1;
        await replica.Store.SaveAsync(run);

        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Succeeded, saved.Status);
        Assert.Equal(0, firstRuns);
        Assert.Equal(2, saved.Executions);
        Assert.Equal(2, saved.Step("second").Attempts);
    }

    [Fact]
    public void A_cycle_or_an_unknown_dependency_is_refused_when_the_DAGs_are_registered()
    {
        var cycle = Assert.Throws<InvalidOperationException>(() => new DagRegistry([new TestDag("cyclic",
            WorkflowStep.Create("a", (_, _) => Ok("a"), "b"),
            WorkflowStep.Create("b", (_, _) => Ok("b"), "a"))]));
        Assert.Contains("cycle", cycle.Message);

        var unknown = Assert.Throws<InvalidOperationException>(() => new DagRegistry([new TestDag("dangling",
            WorkflowStep.Create("a", (_, _) => Ok("a"), "missing"))]));
        Assert.Contains("'missing', which is not a step", unknown.Message);
    }

    [Theory]
    [InlineData("0 2 * * *", true)]
    [InlineData("*/15 * * * *", true)]
    [InlineData("30 0 2 * * *", true)]
    [InlineData("0 25 * * *", false)]
    [InlineData("every night", false)]
    [InlineData("* * *", false)]
    public void Cron_in_the_configuration_is_validated_with_a_sentence_naming_the_key(string cron, bool valid)
    {
        var registry = new DagRegistry([new TestDag("nightly", WorkflowStep.Create("a", (_, _) => Ok("a")))]);
        var options = new WorkflowOptions { Dags = { ["nightly"] = new DagSettings { Cron = cron } } };

        var result = new WorkflowOptionsValidator(registry).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains($"Workflows:Dags:nightly:Cron '{cron}' is not a valid cron expression", result.FailureMessage);
        }
    }

    [Fact]
    public void A_configured_DAG_that_does_not_exist_is_refused()
    {
        var registry = new DagRegistry([new TestDag("nightly", WorkflowStep.Create("a", (_, _) => Ok("a")))]);
        var options = new WorkflowOptions { Dags = { ["nigthly"] = new DagSettings { Cron = "0 2 * * *" } } };

        var result = new WorkflowOptionsValidator(registry).Validate(null, options);

        Assert.Contains("there is no DAG named 'nigthly'", result.FailureMessage);
    }
}
