using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.Gateway.Sessions;

namespace Switchboard.Gateway.Asking;

/// <summary>Reads and validates the body of <c>POST /v1/ask</c>; every rejection names the field or the problem.</summary>
internal static class AskRequestReader
{
    public const int MinTopK = Limits.MinTopK;
    public const int MaxTopK = Limits.MaxAskTopK;

    public static async Task<(AskRequest? Request, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, GatewayOptions options, CancellationToken cancellationToken)
    {
        var (ask, problem) = await JsonBodyReader.ReadAsync<AskRequest>(
            request, options.MaxAskBodyBytes, "{\"question\": \"...\"}", cancellationToken);
        if (problem is not null)
        {
            return (null, problem.StatusCode == StatusCodes.Status413PayloadTooLarge ? TooLarge(options) : problem);
        }

        var errors = Validate(ask!, options);
        return errors.IsValid
            ? (ask! with { Question = ask!.Question.Trim() }, null)
            : (null, JsonBodyReader.Invalid(errors));
    }

    private static FieldErrors Validate(AskRequest ask, GatewayOptions options)
    {
        var errors = new FieldErrors()
            .RequireText("question", ask.Question, options.MaxQuestionLength)
            .RequireRange("topK", ask.TopK, MinTopK, MaxTopK)
            .RequireValidFilters(ask.Filters);

        if (ask.SessionId is not null && !SessionIds.IsValid(ask.SessionId))
        {
            errors["sessionId"] = [$"sessionId {SessionIds.Rule}"];
        }

        return errors;
    }

    private static ProblemHttpResult TooLarge(GatewayOptions options) =>
        TypedResults.Problem(
            $"The request body exceeds the limit of {options.MaxAskBodyBytes} bytes; questions may be at most {options.MaxQuestionLength} characters.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large");
}
