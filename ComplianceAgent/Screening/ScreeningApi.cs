using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;

namespace Switchboard.ComplianceAgent.Screening;

public static class ScreeningApi
{
    public static IEndpointRouteBuilder MapScreeningApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/screen", Screen)
            .WithName("ScreenQuestion")
            .WithSummary("Screens a question for prompt injection and PII and applies the screening policy.");
        return app;
    }

    /// <remarks>Longer questions than <see cref="Limits.MaxQuestionLength"/> are rejected with 400 before any pattern runs over them.</remarks>
    public static Results<Ok<ScreenResult>, ValidationProblem> Screen(ScreenRequest? request, QuestionScreener screener)
    {
        var errors = new FieldErrors().RequireText("question", request?.Question, Limits.MaxQuestionLength);
        return errors.IsValid
            ? TypedResults.Ok(screener.Screen(request!.Question))
            : TypedResults.ValidationProblem(errors);
    }
}
