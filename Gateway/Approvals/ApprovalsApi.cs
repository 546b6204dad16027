using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Approvals;

/// <summary>
/// The approvers' queue: list what waits, read one item, approve, edit (release another text) or reject it with a reason.
/// Every route requires the <see cref="SwitchboardPolicies.Approver"/> policy (the <c>approver</c> or <c>admin</c> role; any
/// caller in the open development mode), else 403; the decision is recorded under <see cref="ApproverName"/>. An unknown
/// id is 404, an item already decided or expired 409.
/// </summary>
public static class ApprovalsApi
{
    public const int MaxListCount = 200;
    private const long MaxBodyBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/approvals").WithTags("Approvals").RequireAuthorization(SwitchboardPolicies.Approver);
        group.MapGet("", ListAsync).WithName("ListApprovals").WithSummary("Answers waiting for approval, the one expiring first first.");
        group.MapGet("/{id}", GetAsync).WithName("GetApproval").WithSummary("One held answer with its question, sources, risk reasons and decision.");
        group.MapPost("/{id}/approve", ApproveAsync).WithName("ApproveAnswer").WithSummary("Releases a held answer to its asker.");
        group.MapPost("/{id}/edit", EditAsync).WithName("EditAndApproveAnswer").WithSummary("Releases an approver's edited text instead of the held answer.");
        group.MapPost("/{id}/reject", RejectAsync).WithName("RejectAnswer").WithSummary("Rejects a held answer with a reason the asker sees.");

        // The asker's side: follow a held answer until it is decided (any reader who may read the answer).
        app.MapDecisionEventsApi();
        return app;
    }

    public sealed record ApprovalList(IReadOnlyList<ApprovalItem> Items);

    /// <summary>The body of approve (reason optional), edit (answer required) and reject (reason required).</summary>
    public sealed record DecisionRequest(string? Reason = null, string? Answer = null);

    public static async Task<Results<Ok<ApprovalList>, ProblemHttpResult>> ListAsync(
        string? status, string? count, ApprovalQueue queue)
    {
        var errors = new FieldErrors();
        if (status is not null && status != ApprovalStatus.Pending)
        {
            errors["status"] = ["Only status=pending can be listed; read a decided item by its id."];
        }

        var take = 50;
        if (count is not null && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxListCount))
        {
            errors["count"] = [$"count must be a whole number from 1 to {MaxListCount}."];
        }

        return errors.IsValid ? TypedResults.Ok(new ApprovalList(await queue.ListPendingAsync(take))) : JsonBodyReader.Invalid(errors);
    }

    public static async Task<Results<Ok<ApprovalItem>, ProblemHttpResult>> GetAsync(
        string id, ApprovalQueue queue) =>
        await queue.GetAsync(id) is { } item ? TypedResults.Ok(item) : NotFound(id);

    public static Task<Results<Ok<ApprovalItem>, ProblemHttpResult>> ApproveAsync(
        string id, HttpContext context, ApprovalDecisions decisions, ApproverName approvers, CallerResolver callers, IOptionsMonitor<ApprovalOptions> options) =>
        DecideAsync(id, ApprovalStatus.Approved, context, decisions, approvers, callers, options.CurrentValue);

    public static Task<Results<Ok<ApprovalItem>, ProblemHttpResult>> EditAsync(
        string id, HttpContext context, ApprovalDecisions decisions, ApproverName approvers, CallerResolver callers, IOptionsMonitor<ApprovalOptions> options) =>
        DecideAsync(id, ApprovalStatus.Edited, context, decisions, approvers, callers, options.CurrentValue);

    public static Task<Results<Ok<ApprovalItem>, ProblemHttpResult>> RejectAsync(
        string id, HttpContext context, ApprovalDecisions decisions, ApproverName approvers, CallerResolver callers, IOptionsMonitor<ApprovalOptions> options) =>
        DecideAsync(id, ApprovalStatus.Rejected, context, decisions, approvers, callers, options.CurrentValue);

    private static async Task<Results<Ok<ApprovalItem>, ProblemHttpResult>> DecideAsync(
        string id, string status, HttpContext context, ApprovalDecisions decisions, ApproverName approvers, CallerResolver callers,
        ApprovalOptions options)
    {
        var (approver, badName) = approvers.Of(context, callers.Resolve(context));
        if (badName is not null)
        {
            return TypedResults.Problem(badName, statusCode: StatusCodes.Status400BadRequest, title: "Invalid approver name");
        }

        // Approve may come without a body; edit and reject need one.
        var body = new DecisionRequest();
        if (status != ApprovalStatus.Approved || context.Request.ContentLength > 0 || context.Request.HasJsonContentType())
        {
            var example = status == ApprovalStatus.Edited ? """{"answer": "The corrected answer [1]."}""" : """{"reason": "Why"}""";
            var (read, problem) = await JsonBodyReader.ReadAsync<DecisionRequest>(context.Request, MaxBodyBytes, example, context.RequestAborted);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        var errors = new FieldErrors();
        if (status == ApprovalStatus.Rejected)
        {
            errors.RequireText("reason", body.Reason, options.MaxReasonLength);
        }
        else if (body.Reason is { Length: var length } && length > options.MaxReasonLength)
        {
            errors["reason"] = [$"The reason is {length} characters long; the limit is {options.MaxReasonLength}."];
        }

        if (status == ApprovalStatus.Edited)
        {
            errors.RequireText("answer", body.Answer, options.MaxEditedAnswerLength);
        }
        else if (body.Answer is not null)
        {
            errors["answer"] = ["Only edit takes an answer; use /edit to release a different text."];
        }

        if (!errors.IsValid)
        {
            return JsonBodyReader.Invalid(errors);
        }

        var (decided, current) = await decisions.DecideAsync(id, status, approver!, body.Reason, body.Answer?.Trim());
        if (decided is not null)
        {
            return TypedResults.Ok(decided);
        }

        if (current == ApprovalQueue.Missing)
        {
            return NotFound(id);
        }

        return TypedResults.Problem(
            $"The answer '{id}' was already decided: it is {current}. A decision cannot be changed.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Approval already decided",
            extensions: new Dictionary<string, object?> { ["approvalStatus"] = current });
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No answer waiting for approval has the id '{id}' (decided items are kept as long as their answer).",
            statusCode: StatusCodes.Status404NotFound, title: "Approval not found");
}
