using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.RouterAgent.Rewriting;

namespace Switchboard.RouterAgent.Routing;

public static class RouteApi
{
    public static IEndpointRouteBuilder MapRouteApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/route", Route)
            .WithName("Route")
            .WithSummary("Classifies a question's intent and plans which agents answer it.");
        return app;
    }

    /// <summary>Earlier turns beyond this many are ignored: a follow-up refers to the last few, and the body stays bounded.</summary>
    public const int MaxTurns = 50;

    public static async Task<Results<Ok<RouteDecision>, ValidationProblem, ProblemHttpResult>> Route(
        RouteRequest request,
        IntentClassifier classifier,
        IntentPredictor predictor,
        RoutePlanner planner,
        IQuestionRewriter rewriter,
        ILogger<RoutePlanner> logger,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireText("question", request.Question, Limits.MaxQuestionLength);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        // The follow-up is classified in its standalone form: "and in 2023?" alone says nothing about its intent.
        var turns = (request.Turns ?? request.History?.Select(q => new ConversationTurn(q)).ToList() ?? [])
            .Where(t => t is not null && !string.IsNullOrWhiteSpace(t.Question))
            .TakeLast(MaxTurns)
            .ToList();
        var question = await rewriter.RewriteAsync(request.Question, turns, cancellationToken);
        if (await predictor.PredictAsync(question, cancellationToken) is not { } prediction)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: classifier.Failure is null ? "classifier is still training" : "classifier is unavailable",
                detail: classifier.Failure is null ? "Retry in a few seconds." : "Training failed; see /health and the service log.");
        }

        var decision = planner.Plan(question, prediction);
        // Never log the question itself (it may hold personal data): its length is enough to correlate.
        logger.LogDebug("Routed a {QuestionLength}-char question to {Intent} (predicted {Predicted}, confidence {Confidence:F2}, rewritten {Rewritten}, {TurnCount} earlier turns)",
            request.Question.Length, decision.Intent, prediction.Intent, prediction.Confidence,
            decision.RewrittenQuestion != RoutePlanner.NormalizeWhitespace(request.Question), turns.Count);
        return TypedResults.Ok(decision);
    }
}
