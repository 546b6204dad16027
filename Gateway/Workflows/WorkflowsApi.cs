using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Workflows;

/// <summary>
/// <c>/v1/workflows</c>: the scheduled workflows (Workflows/ service) seen through the Gateway. Listing and reading runs
/// is for every caller; starting a run needs <see cref="SwitchboardPolicies.Admin"/>. Names and ids are checked here
/// (400), everything else (404 unknown DAG, 409 run active) is the workflow service's answer, passed on.
/// </summary>
public static partial class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var workflows = app.MapGroup("/v1/workflows").WithTags("Workflows");
        workflows.MapGet("/", (HttpContext context, WorkflowsClient client) => ProxyAsync(context, () => client.GetAsync("/workflows", context.RequestAborted)))
            .WithSummary("Every scheduled workflow (DAG): steps, schedule, next run, last run.");
        workflows.MapPost("/{name}/runs", TriggerAsync).RequireAuthorization(SwitchboardPolicies.Admin)
            .WithSummary("Starts a run of a workflow now (admin); 409 while one is active.");
        workflows.MapGet("/{name}/runs", HistoryAsync).WithSummary("The newest runs of a workflow, newest first.");
        workflows.MapGet("/{name}/runs/{id}", GetRunAsync).WithSummary("One run with its steps' states, attempts, durations and errors.");
        return app;
    }

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> TriggerAsync(
        string name, HttpContext context, WorkflowsClient client, CallerResolver callers)
    {
        if (Invalid(name, null) is { } problem)
        {
            return Task.FromResult<Results<ContentHttpResult, ProblemHttpResult>>(problem);
        }

        var caller = callers.Resolve(context);
        var by = caller.IsAuthenticated ? caller.Subject ?? "authenticated" : "anonymous";
        return ProxyAsync(context, () => client.PostAsync($"/workflows/{name}/runs", by, context.RequestAborted), rewriteLocation: true);
    }

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> HistoryAsync(string name, int? limit, HttpContext context, WorkflowsClient client)
    {
        if (Invalid(name, null) is { } problem)
        {
            return Task.FromResult<Results<ContentHttpResult, ProblemHttpResult>>(problem);
        }

        var query = limit is { } l ? $"?limit={l}" : "";
        return ProxyAsync(context, () => client.GetAsync($"/workflows/{name}/runs{query}", context.RequestAborted));
    }

    public static Task<Results<ContentHttpResult, ProblemHttpResult>> GetRunAsync(string name, string id, HttpContext context, WorkflowsClient client)
    {
        if (Invalid(name, id) is { } problem)
        {
            return Task.FromResult<Results<ContentHttpResult, ProblemHttpResult>>(problem);
        }

        return ProxyAsync(context, () => client.GetAsync($"/workflows/{name}/runs/{id}", context.RequestAborted));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ProxyAsync(
        HttpContext context, Func<Task<ProxiedResponse>> call, bool rewriteLocation = false)
    {
        try
        {
            var response = await call();
            if (rewriteLocation && response.Location is { } location)
            {
                context.Response.Headers.Location = "/v1" + location;
            }

            return TypedResults.Content(response.Body, response.ContentType, Encoding.UTF8, response.Status);
        }
        catch (AgentCallException failure)
        {
            return failure.ToProblem(context, "the workflows could not be read or started");
        }
    }

    private static ProblemHttpResult? Invalid(string name, string? id)
    {
        var errors = new FieldErrors();
        if (!NamePattern().IsMatch(name))
        {
            errors["name"] = ["A workflow name is 1–64 lowercase letters, digits and '-'."];
        }

        if (id is not null && !IdPattern().IsMatch(id))
        {
            errors["id"] = ["A run id is 1–100 letters, digits, '-' and '_'."];
        }

        return errors.Count == 0 ? null : JsonBodyReader.Invalid(errors);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex IdPattern();
}
