using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http.HttpResults;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Asking;

namespace Switchboard.Gateway.Feedback;

/// <summary>The body of <c>POST /v1/answers/{id}/feedback</c>.</summary>
/// <param name="CorrectedIntent">Optional: the intent the question should have had (documents, usage_report, smalltalk, out_of_scope).</param>
public sealed record FeedbackRequest(string? Verdict, string? Comment = null, string? Correction = null, string? CorrectedIntent = null);

/// <summary>What the Gateway accepted: the event id on <c>sb:feedback</c>, for the caller's records.</summary>
public sealed record FeedbackAccepted(string FeedbackId, string AnswerId, string Verdict, DateTimeOffset At);

/// <summary>
/// Thumbs up/down and an optional comment (and correction) on an answer. The answer must still be stored and readable
/// by the caller (the rule of <c>GET /v1/ask/{id}</c>), otherwise <c>404</c>; the texts are screened by the
/// ComplianceAgent like a question (PII redacted; a refused text is <c>422</c>). Accepted feedback goes on
/// <c>sb:feedback</c> as a <see cref="FeedbackGiven"/> and is answered <c>202</c>: the ReportingAgent's ledger keeps
/// the latest verdict per answer, so sending again replaces the earlier verdict.
/// </summary>
public static class FeedbackApi
{
    private const long MaxBodyBytes = 8 * 1024;

    private static readonly Counter<long> Received = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.feedback.received", "{vote}", "Feedback verdicts accepted by the Gateway (a replaced verdict counts again)");

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/answers/{id}/feedback", GiveFeedbackAsync).WithName("GiveFeedback").WithTags("Feedback")
            .WithSummary("Thumbs up or down, with an optional comment or correction, on an answer the caller may read.");
        return app;
    }

    public static async Task<Results<Accepted<FeedbackAccepted>, ProblemHttpResult>> GiveFeedbackAsync(
        string id,
        HttpContext context,
        AnswerStore answers,
        DocumentAccess access,
        CallerResolver callers,
        ComplianceClient compliance,
        IEventPublisher events,
        TimeProvider clock,
        ILoggerFactory loggers)
    {
        var (request, problem) = await JsonBodyReader.ReadAsync<FeedbackRequest>(
            context.Request, MaxBodyBytes, """{"verdict": "up", "comment": "optional"}""", context.RequestAborted);
        if (problem is not null)
        {
            return problem;
        }

        var errors = Validate(request!);
        if (!errors.IsValid)
        {
            return JsonBodyReader.Invalid(errors);
        }

        try
        {
            var answer = id.Length is > 0 and <= 128 ? await answers.GetAsync(id) : null;
            if (answer is null || !await access.MayReadAllAsync(callers.Resolve(context), answer.Citations.Select(c => c.DocumentId)))
            {
                return TypedResults.Problem($"No answer with id '{id}' exists (answers are kept for a limited time).",
                    statusCode: StatusCodes.Status404NotFound, title: "Answer not found");
            }

            var (comment, commentRefused) = await ScreenAsync(compliance, request!.Comment, context.RequestAborted);
            var (correction, correctionRefused) = await ScreenAsync(compliance, request.Correction, context.RequestAborted);
            if ((commentRefused ?? correctionRefused) is { } reason)
            {
                var field = commentRefused is not null ? "comment" : "correction";
                return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = $"The {field} was refused by screening",
                    Detail = reason,
                });
            }

            var verdict = request.Verdict!.Trim().ToLowerInvariant();
            var question = answer.Route?.RewrittenQuestion;
            var feedback = new FeedbackGiven(
                answer.AnswerId,
                verdict,
                comment,
                correction,
                string.IsNullOrWhiteSpace(question) ? null : question,
                answer.Status,
                answer.Route?.Intent,
                answer.Answer,
                answer.Citations.Select(c => new FeedbackCitation(c.Number, c.DocumentName, c.Page, c.Row)).ToList(),
                answer.CreatedAt)
            {
                OccurredAt = clock.GetUtcNow(),
                CorrectedIntent = request.CorrectedIntent?.Trim(),
            };
            await events.PublishAsync(Streams.Feedback, feedback, context.RequestAborted);
            Received.Add(1, new KeyValuePair<string, object?>("verdict", verdict));
            return TypedResults.Accepted(
                (string?)null, new FeedbackAccepted(feedback.Id, feedback.AnswerId, feedback.Verdict, feedback.OccurredAt));
        }
        catch (AgentCallException ex)
        {
            loggers.CreateLogger(typeof(FeedbackApi)).LogWarning("Feedback not screened: {Failure}", ex.Message);
            return ex.ToProblem(context, "the feedback was not recorded");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            loggers.CreateLogger(typeof(FeedbackApi)).LogError(ex, "Redis failed while recording feedback");
            return TypedResults.Problem("The feedback could not be recorded. Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "redis unavailable");
        }
    }

    private static FieldErrors Validate(FeedbackRequest request)
    {
        var errors = new FieldErrors();
        if (request.Verdict is null || !FeedbackVerdicts.All.Contains(request.Verdict.Trim().ToLowerInvariant()))
        {
            errors["verdict"] = [$"The verdict is required and must be '{FeedbackVerdicts.Up}' or '{FeedbackVerdicts.Down}'."];
        }

        if (request.Comment is { Length: > FeedbackLimits.MaxCommentLength })
        {
            errors["comment"] = [$"The comment is {request.Comment.Length} characters long; the limit is {FeedbackLimits.MaxCommentLength}."];
        }

        if (request.Correction is { Length: > FeedbackLimits.MaxCorrectionLength })
        {
            errors["correction"] = [$"The correction is {request.Correction.Length} characters long; the limit is {FeedbackLimits.MaxCorrectionLength}."];
        }

        if (request.CorrectedIntent is not null && !Intents.All.Contains(request.CorrectedIntent.Trim()))
        {
            errors["correctedIntent"] = [$"The corrected intent must be one of {string.Join(", ", Intents.All)}."];
        }

        return errors;
    }

    /// <summary>The text as screening leaves it (PII replaced), or the reason it was refused; blank text is no text.</summary>
    private static async Task<(string? Text, string? Refused)> ScreenAsync(ComplianceClient compliance, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var screen = await compliance.ScreenAsync(new ScreenRequest(text.Trim()), cancellationToken);
        return screen.Verdict == ScreenVerdicts.Refuse
            ? (null, screen.Reason ?? "The text was refused by screening.")
            : (string.IsNullOrWhiteSpace(screen.Question) ? text.Trim() : screen.Question, null);
    }
}
