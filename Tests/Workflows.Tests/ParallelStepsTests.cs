using System.Collections.Concurrent;
using Switchboard.Tests.Support;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>
/// Steps whose dependencies are met run side by side, at most <see cref="DagSettings.MaxParallelSteps"/> at once. Overlap is
/// shown by events, not timing: each of two steps waits until the other has started, which only ends if both run at once.
/// </summary>
public sealed class ParallelStepsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static WorkflowOptions Options(string dag, int maxParallel = 4) => new()
    {
        LeaseTtl = TimeSpan.FromSeconds(5),
        Dags = { [dag] = new DagSettings { MaxAttempts = 1, StepTimeout = TimeSpan.FromMinutes(1), MaxParallelSteps = maxParallel } },
    };

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Fact]
    public async Task Two_independent_steps_run_at_the_same_time_and_their_dependent_starts_after_both()
    {
        var dag = $"overlap-{Guid.NewGuid():N}";
        var events = new ConcurrentQueue<string>();
        TaskCompletionSource aStarted = Signal(), bStarted = Signal();
        async Task<StepResult> MeetAsync(string name, TaskCompletionSource mine, TaskCompletionSource other, CancellationToken token)
        {
            events.Enqueue($"{name} started");
            mine.SetResult();
            await other.Task.WaitAsync(Patience, token); // run one after the other, this times out and the step fails
            events.Enqueue($"{name} ended");
            return new StepResult($"{name} met the other");
        }

        var test = new TestDag(dag,
            WorkflowStep.Create("a", (_, token) => MeetAsync("a", aStarted, bStarted, token)),
            WorkflowStep.Create("b", (_, token) => MeetAsync("b", bStarted, aStarted, token)),
            WorkflowStep.Create("join", (_, _) =>
            {
                events.Enqueue("join started");
                return Task.FromResult(new StepResult("after both"));
            }, "a", "b"));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(dag), test);

        var run = (await replica.CreateRunAsync(dag))!;
        Assert.True(await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None));

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Succeeded, saved.Status);
        var order = events.ToList();
        Assert.Equal(["a started", "b started"], order.Take(2).Order().ToArray()); // both started before either ended
        Assert.Equal("join started", order[^1]);
        // The history shows the overlap too: each started before the other finished.
        Assert.True(saved.Step("a").StartedAt <= saved.Step("b").FinishedAt && saved.Step("b").StartedAt <= saved.Step("a").FinishedAt);
    }

    [Fact]
    public async Task A_failing_step_stops_only_its_own_dependents_while_the_other_branch_completes()
    {
        var dag = $"branches-{Guid.NewGuid():N}";
        TaskCompletionSource aStarted = Signal(), bStarted = Signal();
        var ran = new ConcurrentQueue<string>();
        var test = new TestDag(dag,
            WorkflowStep.Create("a", async (_, token) =>
            {
                aStarted.SetResult();
                await bStarted.Task.WaitAsync(Patience, token);
                throw new InvalidOperationException("source answered 503");
            }),
            WorkflowStep.Create("b", async (_, token) =>
            {
                bStarted.SetResult();
                await aStarted.Task.WaitAsync(Patience, token);
                ran.Enqueue("b");
                return new StepResult("b done");
            }),
            WorkflowStep.Create("after-a", (_, _) => { ran.Enqueue("after-a"); return Task.FromResult(new StepResult("never")); }, "a"),
            WorkflowStep.Create("after-b", (_, _) => { ran.Enqueue("after-b"); return Task.FromResult(new StepResult("b's dependent")); }, "b"),
            WorkflowStep.Create("after-both", (_, _) => { ran.Enqueue("after-both"); return Task.FromResult(new StepResult("never")); }, "after-a", "after-b"));
        await using var replica = new EngineReplica(redis.ConnectionString, Options(dag), test);

        var run = (await replica.CreateRunAsync(dag))!;
        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        var saved = (await replica.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Failed, saved.Status);
        Assert.Equal(StepStatus.Failed, saved.Step("a").Status);
        Assert.Contains("503", saved.Step("a").Error);
        Assert.Equal(StepStatus.Succeeded, saved.Step("b").Status);
        Assert.Equal(StepStatus.Succeeded, saved.Step("after-b").Status);
        Assert.Equal(StepStatus.Skipped, saved.Step("after-a").Status);
        Assert.Contains("'a' failed", saved.Step("after-a").Error);
        Assert.Equal(StepStatus.Skipped, saved.Step("after-both").Status);
        Assert.Equal(["after-b", "b"], ran.Order().ToArray());
        Assert.Null(await replica.Store.ActiveRunIdAsync(dag));
    }

    [Fact]
    public async Task No_more_steps_run_at_once_than_MaxParallelSteps()
    {
        var dag = $"bounded-{Guid.NewGuid():N}";
        var current = 0;
        var peak = 0;
        var pairStarted = Signal();
        async Task<StepResult> StepAsync(CancellationToken token)
        {
            var now = Interlocked.Increment(ref current);
            InterlockedMax(ref peak, now);
            if (now >= 2)
            {
                pairStarted.TrySetResult();
            }

            await pairStarted.Task.WaitAsync(Patience, token); // the first waits for a second to run beside it
            Interlocked.Decrement(ref current);
            return new StepResult("done");
        }

        var test = new TestDag(dag, Enumerable.Range(1, 5).Select(i => WorkflowStep.Create($"s{i}", (_, token) => StepAsync(token))).ToArray());
        await using var replica = new EngineReplica(redis.ConnectionString, Options(dag, maxParallel: 2), test);

        var run = (await replica.CreateRunAsync(dag))!;
        await replica.Executor.ExecuteAsync(run.Id, CancellationToken.None);

        Assert.Equal(RunStatus.Succeeded, (await replica.Store.GetAsync(run.Id))!.Status);
        Assert.Equal(2, peak);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
