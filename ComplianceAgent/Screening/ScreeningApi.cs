using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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

    public static Results<Ok<ScreenResult>, ValidationProblem> Screen(
        ScreenRequest? request, QuestionScreener screener, IOptionsMonitor<ScreeningOptions> options)
    {
        var errors = new FieldErrors().RequireText("question", request?.Question, options.CurrentValue.MaxQuestionLength);
        return errors.IsValid
            ? TypedResults.Ok(screener.Screen(request!.Question))
            : TypedResults.ValidationProblem(errors);
    }
}
