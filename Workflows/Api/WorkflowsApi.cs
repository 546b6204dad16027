using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Api;

/// <summary>
/// The workflow service's API, proxied by the Gateway as <c>/v1/workflows</c> (which decides who may start a run):
/// the DAGs with their schedule, next and last run; starting a run; the history and one run's step states.
/// </summary>
public static class WorkflowsApi
{
    /// <summary>Who asked for a manual run, as the Gateway resolved the caller (subject or "anonymous").</summary>
    public const string TriggeredByHeader = "Switchboard-Triggered-By";

    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/", ListAsync).WithSummary("Every DAG: steps, schedule, next run, last run and the active run.");
        workflows.MapPost("/{name}/runs", TriggerAsync).WithSummary("Starts a run now (202), unless one is active (409).");
        workflows.MapGet("/{name}/runs", HistoryAsync).WithSummary("The newest runs of a DAG, newest first.");
        workflows.MapGet("/{name}/runs/{id}", GetRunAsync).WithSummary("One run with its steps' states, attempts, durations and errors.");
        return app;
    }

    public static async Task<Ok<List<WorkflowSummary>>> ListAsync(DagRegistry dags, RunStore store, IOptions<WorkflowOptions> options, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var list = new List<WorkflowSummary>();
        foreach (var dag in dags.All)
        {
            var settings = options.Value.For(dag.Name);
            var scheduled = settings.Enabled && !string.IsNullOrWhiteSpace(settings.Cron);
            var last = (await store.RecentAsync(dag.Name, 1)).FirstOrDefault();
            list.Add(new WorkflowSummary(
                dag.Name,
                dag.Description,
                scheduled ? settings.Cron : null,
                scheduled ? CronSchedule.Next(settings.Cron, now) : null,
                dags.Order(dag.Name).Select(s => new StepSummary(s.Name, s.DependsOn)).ToList(),
                last is null ? null : RunSummary.Of(last),
                await store.ActiveRunIdAsync(dag.Name)));
        }

        return TypedResults.Ok(list);
    }

    public static async Task<Results<Accepted<WorkflowRun>, ProblemHttpResult>> TriggerAsync(
        string name, HttpContext context, DagRegistry dags, WorkflowRuns runs)
    {
        if (!dags.Contains(name))
        {
            return UnknownDag(name, dags);
        }

        var by = context.Request.Headers[TriggeredByHeader].ToString();
        var (run, active) = await runs.TriggerAsync(name, string.IsNullOrWhiteSpace(by) ? "anonymous" : by.Trim()[..Math.Min(by.Trim().Length, 200)]);
        if (run is null)
        {
            return TypedResults.Problem(
                $"Workflow '{name}' has run {active} queued or running; one run at a time per workflow.",
                statusCode: StatusCodes.Status409Conflict, title: "Run already active",
                extensions: new Dictionary<string, object?> { ["activeRunId"] = active });
        }

        return TypedResults.Accepted($"/workflows/{name}/runs/{run.Id}", run);
    }

    public static async Task<Results<Ok<List<RunSummary>>, ProblemHttpResult, ValidationProblem>> HistoryAsync(
        string name, int? limit, DagRegistry dags, RunStore store)
    {
        if (!dags.Contains(name))
        {
            return UnknownDag(name, dags);
        }

        if (limit is < 1 or > 100)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 100."] });
        }

        var runs = await store.RecentAsync(name, limit ?? 20);
        return TypedResults.Ok(runs.Select(RunSummary.Of).ToList());
    }

    public static async Task<Results<Ok<WorkflowRun>, ProblemHttpResult>> GetRunAsync(string name, string id, DagRegistry dags, RunStore store)
    {
        if (!dags.Contains(name))
        {
            return UnknownDag(name, dags);
        }

        var run = id.Length <= 100 ? await store.GetAsync(id) : null;
        return run is not null && run.Dag == name
            ? TypedResults.Ok(run)
            : TypedResults.Problem($"Workflow '{name}' has no run '{id}' (the history keeps the newest runs).", statusCode: 404, title: "Run not found");
    }

    private static ProblemHttpResult UnknownDag(string name, DagRegistry dags) =>
        TypedResults.Problem($"There is no workflow named '{name}'. Known: {string.Join(", ", dags.Names)}.", statusCode: 404, title: "Workflow not found");
}

public sealed record WorkflowSummary(
    string Name, string Description, string? Cron, DateTimeOffset? NextRunAt, IReadOnlyList<StepSummary> Steps, RunSummary? LastRun, string? ActiveRunId);

public sealed record StepSummary(string Name, IReadOnlyList<string> DependsOn);

public sealed record RunSummary(
    string Id, string Status, string Trigger, string TriggeredBy, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    double? DurationMs, int Executions, string? Error)
{
    public static RunSummary Of(WorkflowRun run) =>
        new(run.Id, run.Status, run.Trigger, run.TriggeredBy, run.CreatedAt, run.StartedAt, run.FinishedAt, run.DurationMs, run.Executions, run.Error);
}
