using Switchboard.Tests.Support;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Tests;

/// <summary>
/// Two replicas (each with its own Redis connection and lease holder id, as two processes have) against one real
/// redis-server: a DAG never has two runs at once, and one run is never executed by both.
/// </summary>
public sealed class ReplicaExclusionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Two_replicas_racing_to_run_the_same_DAG_never_run_it_at_the_same_time()
    {
        var dag = $"exclusive-{Guid.NewGuid():N}";
        var inFlight = 0;
        var maxInFlight = 0;
        var executions = 0;
        var gate = new object();
        var step = WorkflowStep.Create("work", async (_, token) =>
        {
            lock (gate)
            {
                inFlight++;
                executions++;
                maxInFlight = Math.Max(maxInFlight, inFlight);
            }

            await Task.Delay(150, token);
            lock (gate)
            {
                inFlight--;
            }

            return new StepResult("worked");
        });
        var options = new WorkflowOptions { LeaseTtl = TimeSpan.FromSeconds(5), Dags = { [dag] = new DagSettings { MaxAttempts = 1 } } };
        await using var a = new EngineReplica(redis.ConnectionString, options, new TestDag(dag, step));
        await using var b = new EngineReplica(redis.ConnectionString, options, new TestDag(dag, step));
        Assert.NotEqual(a.Executor.Holder, b.Executor.Holder);

        // Both replicas fire the schedule at the same moment, ten times: each time one creates the run and both try to
        // execute it (a re-delivered job, or the recovery), and each also tries to start a run of its own meanwhile.
        var created = 0;
        var refused = 0;
        for (var round = 0; round < 10; round++)
        {
            var runs = await Task.WhenAll(a.CreateRunAsync(dag), b.CreateRunAsync(dag));
            var run = Assert.Single(runs, r => r is not null)!;
            Interlocked.Increment(ref created);
            var results = await Task.WhenAll(
                a.Executor.ExecuteAsync(run.Id, CancellationToken.None),
                b.Executor.ExecuteAsync(run.Id, CancellationToken.None),
                Task.Run(async () =>
                {
                    if (await b.CreateRunAsync(dag) is { } extra)
                    {
                        // Created after the first one finished: run it too, so the next round starts free.
                        Interlocked.Increment(ref created);
                        await b.Executor.ExecuteAsync(extra.Id, CancellationToken.None);
                    }
                    else
                    {
                        Interlocked.Increment(ref refused);
                    }

                    return true;
                }));
            Assert.Contains(true, results[..2]);
            var saved = (await a.Store.GetAsync(run.Id))!;
            Assert.Equal(RunStatus.Succeeded, saved.Status);
            Assert.Equal(1, saved.Executions);
        }

        Assert.Equal(1, maxInFlight);
        Assert.Equal(created, executions);
        Assert.True(refused > 0, "a second run was never attempted while one was active");
    }

    [Fact]
    public async Task A_lease_held_by_a_live_replica_is_not_taken_and_a_lapsed_one_is()
    {
        var dag = $"lease-{Guid.NewGuid():N}";
        var options = new WorkflowOptions { LeaseTtl = TimeSpan.FromSeconds(1) };
        await using var a = new EngineReplica(redis.ConnectionString, options, new TestDag(dag, WorkflowStep.Create("s", (_, _) => Task.FromResult(new StepResult("s")))));
        await using var b = new EngineReplica(redis.ConnectionString, options, new TestDag(dag, WorkflowStep.Create("s", (_, _) => Task.FromResult(new StepResult("s")))));

        Assert.True(await a.Lease.TryAcquireAsync(dag, "replica-a", TimeSpan.FromSeconds(1)));
        Assert.False(await b.Lease.TryAcquireAsync(dag, "replica-b", TimeSpan.FromSeconds(1)));
        Assert.True(await a.Lease.RenewAsync(dag, "replica-a", TimeSpan.FromSeconds(1)));
        Assert.False(await b.Lease.RenewAsync(dag, "replica-b", TimeSpan.FromSeconds(1)));

        // replica-a stops renewing (killed): the lease lapses and b takes it.
        await Eventually.MatchAsync(() => b.Lease.TryAcquireAsync(dag, "replica-b", TimeSpan.FromSeconds(5)), ok => ok, "the lapsed lease taken over", 10);
        Assert.Equal("replica-b", await b.Lease.HolderAsync(dag));
        Assert.False(await a.Lease.RenewAsync(dag, "replica-a", TimeSpan.FromSeconds(1)));
    }
}
