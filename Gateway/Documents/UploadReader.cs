using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchboard.Gateway.Documents;

/// <summary>A document that passed every check, with its sanitised name and the content type of its extension.</summary>
public sealed record Upload(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Reads and checks a <c>multipart/form-data</c> upload by hand, so that each rejection is a ProblemDetails that
/// says what is wrong (415 type, 413 size, 422 content, 400 shape) before anything is stored.
/// </summary>
internal static class UploadReader
{
    public const string FileField = "file";

    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    public const long MultipartOverheadBytes = 64 * 1024;

    public static long MaxRequestBytes(GatewayOptions options) => options.MaxUploadBytes + MultipartOverheadBytes;

    public static async Task<(Upload? Upload, ProblemHttpResult? Problem)> ReadAsync(
        HttpRequest request, GatewayOptions options, CancellationToken cancellationToken)
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

        if (DocumentTypes.IsPdf(contentType))
        {
            if (PdfStructure.Problem(content) is { } problem)
            {
                return Fail(StatusCodes.Status422UnprocessableEntity, "Not a readable PDF", problem);
            }
        }
        else if (!Utf8.IsValid(content) || content.AsSpan().Contains((byte)0))
        {
            return Fail(StatusCodes.Status422UnprocessableEntity, "Not UTF-8 text",
                $"The {Path.GetExtension(fileName)} file is not valid UTF-8 text; save it as UTF-8 and upload it again.");
        }

        return (new Upload(fileName, contentType, content), null);
    }

    private static (Upload?, ProblemHttpResult?) TooLarge(GatewayOptions options) =>
        Fail(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"The document exceeds the upload limit of {options.MaxUploadBytes} bytes ({options.MaxUploadBytes / (1024.0 * 1024):0.#} MiB).");

    private static (Upload?, ProblemHttpResult?) Fail(int status, string title, string detail) =>
        (null, TypedResults.Problem(detail, statusCode: status, title: title));
}
