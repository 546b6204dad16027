using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.Gateway.OpenAi;

/// <summary>
/// OpenAI's error object: <c>{"error": {"message", "type", "param", "code"}}</c>, which OpenAI's client libraries read
/// into their APIError (message, type, param, code) beside the HTTP status.
/// </summary>
public sealed record OpenAiError(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);

/// <summary>
/// Every error of the OpenAI-compatible endpoints is an RFC 9457 problem (as everywhere in Switchboard: status, title,
/// detail) that also carries OpenAI's <c>error</c> object as an extension member, so an OpenAI client and a
/// ProblemDetails reader both understand it.
/// </summary>
public static class OpenAiErrors
{
    public const string InvalidRequest = "invalid_request_error";
    public const string ServerError = "server_error";

    /// <summary>A malformed chat request: 400 naming the parameter (e.g. <c>messages[2].role</c>).</summary>
    public static ProblemHttpResult Invalid(string message, string? param, string code) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid chat request", new OpenAiError(message, InvalidRequest, param, code));

    /// <summary>A model this server does not offer: 404 <c>model_not_found</c>, as OpenAI answers.</summary>
    public static ProblemHttpResult ModelNotFound(string model) =>
        Problem(StatusCodes.Status404NotFound, "Model not found", new OpenAiError(
            $"The model '{model}' does not exist. This server offers '{OpenAiModels.Switchboard}' (GET /v1/models).",
            InvalidRequest, "model", "model_not_found"));

    public static ProblemHttpResult Problem(int status, string title, OpenAiError error) =>
        TypedResults.Problem(error.Message, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["error"] = error });

    /// <summary>
    /// Adds the <c>error</c> object to a problem made elsewhere (a body the JSON reader rejected, an agent that failed),
    /// keeping its status, title, detail, extensions and any <c>Retry-After</c> already set.
    /// </summary>
    public static ProblemHttpResult WithError(this ProblemHttpResult problem, string? param = null, string? code = null)
    {
        var details = problem.ProblemDetails;
        var status = details.Status ?? StatusCodes.Status500InternalServerError;
        var type = status >= 500 ? ServerError : InvalidRequest;
        details.Extensions["error"] = new OpenAiError(details.Detail ?? details.Title ?? "The request failed.", type, param, code);
        return problem;
    }
}
