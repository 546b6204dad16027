using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.ComplianceAgent.Review;

public static class ReviewApi
{
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/review", Review)
            .WithName("ReviewAnswer")
            .WithSummary("Checks that every sentence of an answer is supported by the contexts it cites.");
        return app;
    }

    public static async Task<Results<Ok<ReviewResult>, ValidationProblem>> Review(
        ReviewRequest? request, GroundednessReview reviewer, SourceScreening sources, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request?.Answer is null)
        {
            errors["answer"] = ["The answer is required (an empty string is allowed and is blocked)."];
        }

        // Contexts may be missing or empty (then nothing can be supported), but each given context needs its text.
        var contexts = request?.Contexts ?? [];
        for (var i = 0; i < contexts.Count; i++)
        {
            if (contexts[i] is null)
            {
                errors[$"contexts[{i}]"] = ["A context must not be null."];
            }
            else if (contexts[i].Text is null)
            {
                errors[$"contexts[{i}].text"] = ["The context text is required."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var review = await reviewer.ReviewAsync(request!.Answer, contexts, cancellationToken);
        return TypedResults.Ok(review with { SourceFindings = sources.Screen(contexts) });
    }
}
