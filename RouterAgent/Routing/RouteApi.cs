using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;

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

    public static Results<Ok<RouteDecision>, ValidationProblem, ProblemHttpResult> Route(
        RouteRequest request,
        IntentClassifier classifier,
        RoutePlanner planner,
        IOptions<RouterOptions> options,
        ILogger<RoutePlanner> logger)
    {
        var errors = new FieldErrors().RequireText("question", request.Question, options.Value.MaxQuestionLength);
        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (!classifier.TryPredict(request.Question, out var prediction))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: classifier.Failure is null ? "classifier is still training" : "classifier is unavailable",
                detail: classifier.Failure is null ? "Retry in a few seconds." : "Training failed; see /health and the service log.");
        }

        var decision = planner.Plan(request.Question, prediction);
        // Never log the question itself (it may hold personal data): its length is enough to correlate.
        logger.LogInformation("Routed a {QuestionLength}-char question to {Intent} (predicted {Predicted}, confidence {Confidence:F2})",
            request.Question.Length, decision.Intent, prediction.Intent, prediction.Confidence);
        return TypedResults.Ok(decision);
    }
}
