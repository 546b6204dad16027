using System.Text.Json;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Engine;

/// <summary>A DAG: named steps, each run once its dependencies succeeded. Registered in DI; its name is its API name.</summary>
public interface IWorkflowDag
{
    string Name { get; }

    string Description { get; }

    IReadOnlyList<WorkflowStep> Steps { get; }
}

/// <summary>
/// One step. <paramref name="Run"/> must be idempotent: a step interrupted by a crash runs again when the run resumes,
/// and a failed attempt is retried (<see cref="DagSettings.MaxAttempts"/>).
/// </summary>
public sealed record WorkflowStep(string Name, IReadOnlyList<string> DependsOn, Func<StepContext, CancellationToken, Task<StepResult>> Run)
{
    public static WorkflowStep Create(string name, Func<StepContext, CancellationToken, Task<StepResult>> run, params string[] dependsOn) =>
        new(name, dependsOn, run);
}

/// <summary>
/// What a step reports: one line for people, optionally data its dependents read, and optionally a link (relative to the
/// Gateway, e.g. a page of the web UI) to what the step produced.
/// </summary>
public sealed record StepResult(string Summary, object? Data = null, string? Link = null);

/// <summary>A step that cannot succeed by trying again (bad configuration, bad input): it fails at once, with this reason.</summary>
public sealed class PermanentStepException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>What a running step sees: its run and the data of the steps it depends on.</summary>
public sealed class StepContext(WorkflowRun run, string step, int attempt)
{
    public WorkflowRun Run { get; } = run;

    public string Step { get; } = step;

    public int Attempt { get; } = attempt;

    /// <summary>The data a finished step of this run returned.</summary>
    public T Output<T>(string stepName) =>
        Run.Steps.FirstOrDefault(s => s.Name == stepName)?.Data is { } data
            ? data.Deserialize<T>(SwitchboardJson.Options) ?? throw new InvalidOperationException($"Step '{stepName}' has no data.")
            : throw new InvalidOperationException($"Step '{stepName}' has no data.");
}

/// <summary>Every DAG by name, each checked once: unique step names, known dependencies, no cycle.</summary>
public sealed class DagRegistry
{
    private readonly Dictionary<string, (IWorkflowDag Dag, IReadOnlyList<WorkflowStep> Order)> _dags = new(StringComparer.Ordinal);

    public DagRegistry(IEnumerable<IWorkflowDag> dags)
    {
        foreach (var dag in dags)
        {
            if (!_dags.TryAdd(dag.Name, (dag, TopologicalOrder(dag))))
            {
                throw new InvalidOperationException($"Two DAGs are named '{dag.Name}'.");
            }
        }
    }

    public IEnumerable<string> Names => _dags.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<IWorkflowDag> All => Names.Select(n => _dags[n].Dag);

    public bool Contains(string name) => _dags.ContainsKey(name);

    public IWorkflowDag? Find(string name) => _dags.TryGetValue(name, out var entry) ? entry.Dag : null;

    /// <summary>The steps in an order where each comes after its dependencies (declaration order among equals).</summary>
    public IReadOnlyList<WorkflowStep> Order(string name) => _dags[name].Order;

    public static IReadOnlyList<WorkflowStep> TopologicalOrder(IWorkflowDag dag)
    {
        var byName = new Dictionary<string, WorkflowStep>(StringComparer.Ordinal);
        foreach (var step in dag.Steps)
        {
            if (!byName.TryAdd(step.Name, step))
            {
                throw new InvalidOperationException($"DAG '{dag.Name}': two steps are named '{step.Name}'.");
            }
        }

        foreach (var step in dag.Steps)
        {
            foreach (var dependency in step.DependsOn.Where(d => !byName.ContainsKey(d)))
            {
                throw new InvalidOperationException($"DAG '{dag.Name}': step '{step.Name}' depends on '{dependency}', which is not a step.");
            }
        }

        var order = new List<WorkflowStep>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (order.Count < dag.Steps.Count)
        {
            var next = dag.Steps.FirstOrDefault(s => !done.Contains(s.Name) && s.DependsOn.All(done.Contains))
                       ?? throw new InvalidOperationException(
                           $"DAG '{dag.Name}' has a cycle among {string.Join(", ", dag.Steps.Where(s => !done.Contains(s.Name)).Select(s => s.Name))}.");
            order.Add(next);
            done.Add(next.Name);
        }

        return order;
    }
}
