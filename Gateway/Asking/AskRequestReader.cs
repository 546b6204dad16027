using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Validation;
using Switchboard.AgentCore;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// Reads and validates the body of <c>POST /v1/ask</c> by hand, because minimal APIs' automatic binding answers
/// a bare 400 with no body. Every rejection here is a ProblemDetails that names the field or the problem.
/// </summary>
internal static partial class AskRequestReader
{
    public const int MinTopK = 1;
    public const int MaxTopK = 20;
    public const int MaxSessionIdLength = 128;
    public const int MaxDocumentFilters = 100;

    // Unknown fields are a client bug (a typo like "topk_" silently ignored would change the answer); reject them.
    private static readonly JsonSerializerOptions StrictJson = new(SwitchboardJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static async Task<(AskRequest? Request, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, GatewayOptions options, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the question as JSON with 'Content-Type: application/json'.");
        }

        var body = await ReadBodyAsync(request, options.MaxAskBodyBytes, cancellationToken);
        if (body is null)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body exceeds the limit of {options.MaxAskBodyBytes} bytes; questions may be at most {options.MaxQuestionLength} characters.");
        }

        if (body.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "Missing request body", "Send a JSON object such as {\"question\": \"...\"}.");
        }

        AskRequest? ask;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail(StatusCodes.Status400BadRequest, "Invalid request body", "The request body must be a JSON object.");
            }

            try
            {
                ask = document.RootElement.Deserialize<AskRequest>(StrictJson);
            }
            catch (JsonException ex)
            {
                return DescribeBindingFailure(ex.Path);
            }
        }
        catch (JsonException ex)
        {
            return Fail(StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        var errors = Validate(ask!, options);
        if (errors.Count > 0)
        {
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid",
                Detail = string.Join(" ", errors.SelectMany(e => e.Value)),
            }));
        }

        return (ask! with { Question = ask!.Question.Trim() }, null);
    }

    private static FieldErrors Validate(AskRequest ask, GatewayOptions options)
    {
        var errors = new FieldErrors()
            .RequireText("question", ask.Question, options.MaxQuestionLength)
            .RequireRange("topK", ask.TopK, MinTopK, MaxTopK);

        if (ask.SessionId is not null && !SessionIdPattern().IsMatch(ask.SessionId))
        {
            errors["sessionId"] = [$"sessionId must be 1 to {MaxSessionIdLength} characters of letters, digits, '-', '_', '.' or ':'."];
        }

        if (ask.Filters?.DocumentIds is { } ids && (ids.Count > MaxDocumentFilters || ids.Any(string.IsNullOrWhiteSpace)))
        {
            errors["filters.documentIds"] = [$"filters.documentIds must hold at most {MaxDocumentFilters} non-empty ids."];
        }

        return errors;
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes. Returns <c>null</c> when the body is larger: declared up front,
    /// rejected by the server's per-endpoint limit, or counted while reading (servers that do not enforce limits).
    /// </summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Walks the failing JSON path through the request's contract: a segment the contract does not have is an
    /// unknown field, otherwise the value had the wrong type. No serializer message (with .NET type names) leaks out.
    /// </summary>
    private static (AskRequest?, ProblemHttpResult?) DescribeBindingFailure(string? path)
    {
        var segments = (path ?? "$").Split('.', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(segment => BracketIndex().Replace(segment, string.Empty))
            .ToList();
        var type = StrictJson.GetTypeInfo(typeof(AskRequest));
        var known = new List<string>();
        foreach (var segment in segments)
        {
            var property = type.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var field = string.Join('.', known.Append(segment));
                var allowed = string.Join(", ", type.Properties.Select(p => p.Name));
                return Fail(StatusCodes.Status400BadRequest, "Unknown field",
                    $"The field '{field}' is not part of the request. Allowed fields{(known.Count > 0 ? $" of '{string.Join('.', known)}'" : "")}: {allowed}.");
            }

            known.Add(property.Name);
            type = StrictJson.GetTypeInfo(property.PropertyType);
            if (type.ElementType is { } element)
            {
                type = StrictJson.GetTypeInfo(element);
            }
        }

        var name = known.Count > 0 ? string.Join('.', known) : "request";
        return Fail(StatusCodes.Status400BadRequest, "Invalid field value", $"The field '{name}' has a value of the wrong type.");
    }

    private static (AskRequest?, ProblemHttpResult?) Fail(int status, string title, string detail) =>
        (null, TypedResults.Problem(detail, statusCode: status, title: title));

    [GeneratedRegex(@"^[A-Za-z0-9\-_.:]{1,128}$")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex(@"\[.*?\]")]
    private static partial Regex BracketIndex();
}
