using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;

namespace Switchboard.RiskAgent.Assessment;

public static class RiskApi
{
    /// <summary>Longest question and answer accepted, in characters: the shared limits (the Gateway enforces them first).</summary>
    public const int MaxQuestionLength = Limits.MaxQuestionLength;
    public const int MaxAnswerLength = Limits.MaxAnswerLength;
    public const int MaxCitations = 200;

    public static IEndpointRouteBuilder MapRiskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/assess", AssessAsync)
            .WithName("AssessRisk")
            .WithSummary("Scores an answer before it leaves: a level (low, medium, high) and the reasons for it.");
        return app;
    }

    public static async Task<Results<Ok<RiskAssessment>, ValidationProblem>> AssessAsync(
        RiskRequest? request, RiskAssessor assessor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .RequireText("question", request?.Question, MaxQuestionLength);
        if (request?.Answer is null)
        {
            errors["answer"] = ["The answer is required."];
        }
        else if (request.Answer.Length > MaxAnswerLength)
        {
            errors["answer"] = [$"The answer is {request.Answer.Length} characters long; the limit is {MaxAnswerLength}."];
        }

        var citations = request?.Citations ?? [];
        if (citations.Count > MaxCitations)
        {
            errors["citations"] = [$"At most {MaxCitations} citations are accepted."];
        }
        else if (citations.Any(c => c is null))
        {
            errors["citations"] = ["A citation must not be null."];
        }

        if (request?.MinSupport is { } support && (double.IsNaN(support) || support is < 0 or > 1))
        {
            errors["minSupport"] = ["minSupport must lie between 0 and 1."];
        }

        if (!errors.IsValid)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await assessor.AssessAsync(request! with { Citations = citations }, cancellationToken));
    }
}
