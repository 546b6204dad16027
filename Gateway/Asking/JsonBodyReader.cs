using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Validation;

namespace Switchboard.Gateway.Asking;

/// <summary>
/// Reads a JSON request body by hand, because minimal APIs' automatic binding answers a bare 400 with no body. Every
/// rejection is a ProblemDetails that names the field or the problem (415, 413, 400); no serializer message (with .NET
/// type names) leaks out.
/// </summary>
internal static partial class JsonBodyReader
{
    // Unknown fields are a client bug (a typo like "topk_" silently ignored would change the answer); reject them.
    private static readonly JsonSerializerOptions StrictJson = new(SwitchboardJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    /// <param name="example">A minimal valid body, shown when the body is missing.</param>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(
        HttpRequest request, long maxBytes, string example, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Fail<T>(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the request as JSON with 'Content-Type: application/json'.");
        }

        var body = await ReadBodyAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return Fail<T>(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body exceeds the limit of {maxBytes} bytes.");
        }

        if (body.Length == 0)
        {
            return Fail<T>(StatusCodes.Status400BadRequest, "Missing request body", $"Send a JSON object such as {example}.");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Fail<T>(StatusCodes.Status400BadRequest, "Invalid request body", "The request body must be a JSON object.");
            }

            try
            {
                return (document.RootElement.Deserialize<T>(StrictJson), null);
            }
            catch (JsonException ex)
            {
                return DescribeBindingFailure<T>(ex.Path);
            }
        }
        catch (JsonException ex)
        {
            return Fail<T>(StatusCodes.Status400BadRequest, "Malformed JSON",
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
    }

    /// <summary>A 400 validation problem listing every invalid field.</summary>
    public static ProblemHttpResult Invalid(FieldErrors errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value)),
        });

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

        // Sized by Content-Length when given; the read buffer is pooled (a fresh 16 KB array per question showed in the
        // Gateway's allocation profile).
        using var buffer = new MemoryStream(request.ContentLength is { } length and > 0 ? (int)length : 1024);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
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
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Walks the failing JSON path through the request's contract: a segment the contract does not have is an
    /// unknown field, otherwise the value had the wrong type.
    /// </summary>
    private static (T?, ProblemHttpResult?) DescribeBindingFailure<T>(string? path)
    {
        var segments = (path ?? "$").Split('.', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(segment => BracketIndex().Replace(segment, string.Empty))
            .ToList();
        var type = StrictJson.GetTypeInfo(typeof(T));
        var known = new List<string>();
        foreach (var segment in segments)
        {
            var property = type.Properties.FirstOrDefault(p => string.Equals(p.Name, segment, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var field = string.Join('.', known.Append(segment));
                var allowed = string.Join(", ", type.Properties.Select(p => p.Name));
                return Fail<T>(StatusCodes.Status400BadRequest, "Unknown field",
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
        return Fail<T>(StatusCodes.Status400BadRequest, "Invalid field value", $"The field '{name}' has a value of the wrong type.");
    }

    public static (T?, ProblemHttpResult?) Fail<T>(int status, string title, string detail) =>
        (default, TypedResults.Problem(detail, statusCode: status, title: title));

    [GeneratedRegex(@"\[.*?\]")]
    private static partial Regex BracketIndex();
}
