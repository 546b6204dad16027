using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;

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
        var maxLength = options.CurrentValue.MaxQuestionLength;
        if (string.IsNullOrWhiteSpace(request?.Question))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["question"] = ["The question is required and must not be empty or whitespace."],
            });
        }

        if (request.Question.Length > maxLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["question"] = [$"The question must be at most {maxLength} characters long."],
            });
        }

        return TypedResults.Ok(screener.Screen(request.Question));
    }
}
