using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.Gateway.Documents;

/// <summary>
/// A document that passed every check, with its sanitised name, the content type of its extension, the SHA-256 of
/// its bytes (lowercase hex) and its validated labels.
/// </summary>
public sealed record Upload(
    string FileName,
    string ContentType,
    byte[] Content,
    string ContentHash,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> AllowedGroups);

/// <summary>
/// Reads and checks a <c>multipart/form-data</c> upload by hand, so that each rejection is a ProblemDetails that
/// says what is wrong (415 type, 413 size, 422 content or a content limit — pages, objects, inflated size, CSV shape — with the setting named in <c>limit</c>, 400 shape or labels) before anything is stored.
/// </summary>
internal static class UploadReader
{
    public const string FileField = "file";

    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public static long MaxRequestBytes(GatewayOptions options) => options.MaxUploadBytes + MultipartOverheadBytes;

    public static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, GatewayOptions options, DocumentUploadOptions limits, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType
            || !request.ContentType!.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"Upload the document as multipart/form-data with one file in a field named '{FileField}'.");
        }

        if (request.ContentLength > MaxRequestBytes(options))
        {
            return TooLarge(options);
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (InvalidDataException)
        {
            return Fail(StatusCodes.Status400BadRequest, "Malformed multipart body",
                "The multipart/form-data body could not be read; check the boundary and part headers.");
        }

        var files = form.Files.GetFiles(FileField);
        if (files.Count == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "Missing file",
                $"No file was sent: add the document as a form field named '{FileField}'.");
        }

        if (files.Count > 1)
        {
            return Fail(StatusCodes.Status400BadRequest, "Too many files", "Upload exactly one file per request.");
        }

        var (tags, tagsError) = UploadLabels.Parse(UploadLabels.TagsField, form[UploadLabels.TagsField], limits.MaxLabels);
        var (groups, groupsError) = UploadLabels.Parse(UploadLabels.AllowedGroupsField, form[UploadLabels.AllowedGroupsField], limits.MaxLabels);
        if (tagsError is not null || groupsError is not null)
        {
            var errors = new Dictionary<string, string[]>();
            if (tagsError is not null)
            {
                errors[UploadLabels.TagsField] = [tagsError];
            }

            if (groupsError is not null)
            {
                errors[UploadLabels.AllowedGroupsField] = [groupsError];
            }

            return (null, TypedResults.Problem(
                string.Join(" ", errors.Values.SelectMany(e => e)),
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid document labels",
                extensions: new Dictionary<string, object?> { ["errors"] = errors }));
        }

        var file = files[0];
        var fileName = FileNames.Sanitize(file.FileName);
        if (file.Length == 0)
        {
            return Fail(StatusCodes.Status400BadRequest, "Empty file", "The file is empty.");
        }

        var contentType = DocumentTypes.ContentTypeOf(fileName);
        if (contentType is null)
        {
            var extension = Path.GetExtension(fileName);
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported file type",
                $"{(extension.Length > 0 ? $"Files of type '{extension}'" : "Files without an extension")} cannot be ingested. Allowed types: {string.Join(", ", DocumentTypes.Extensions)}.");
        }

        if (file.Length > options.MaxUploadBytes)
        {
            return TooLarge(options);
        }

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }

        var (unreadable, limit) = Inspect(content, contentType, Path.GetExtension(fileName), limits);
        if (limit is not null)
        {
            return (null, TypedResults.Problem(limit.Detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: limit.Title,
                extensions: new Dictionary<string, object?> { ["limit"] = limit.Setting }));
        }

        if (unreadable is not null)
        {
            return Fail(StatusCodes.Status422UnprocessableEntity, unreadable.Value.Title, unreadable.Value.Detail);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(content));
        return (new Upload(fileName, contentType, content, hash, tags, groups), null);
    }

    /// <summary>The content checks of each type: whether it is what its name says, and within <see cref="DocumentUploadOptions"/>.</summary>
    private static ((string Title, string Detail)? Unreadable, UploadLimitProblem? Limit) Inspect(
        byte[] content, string contentType, string extension, DocumentUploadOptions limits)
    {
        if (DocumentTypes.IsPdf(contentType))
        {
            var (problem, limit) = PdfStructure.Inspect(content, limits);
            return (Unreadable("Not a readable PDF", problem), limit);
        }

        if (DocumentTypes.IsDocx(contentType))
        {
            var (problem, limit) = DocxStructure.Inspect(content, limits);
            return (Unreadable("Not a readable DOCX", problem), limit);
        }

        if (TextContent.Problem(content, extension) is { } notText)
        {
            return (Unreadable("Not a text file", notText), null);
        }

        return (null, DocumentTypes.IsCsv(contentType) ? CsvShape.Inspect(TextContent.Decode(content), limits) : null);
    }

    private static (string Title, string Detail)? Unreadable(string title, string? detail) =>
        detail is null ? null : (title, detail);

    private static (Upload?, ProblemHttpResult?) TooLarge(GatewayOptions options) =>
        Fail(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"The document exceeds the upload limit of {options.MaxUploadBytes} bytes ({options.MaxUploadBytes / (1024.0 * 1024):0.#} MiB).");

    private static (Upload?, ProblemHttpResult?) Fail(int status, string title, string detail) =>
        (null, TypedResults.Problem(detail, statusCode: status, title: title));
}
