namespace Switchboard.Gateway.Documents;

/// <summary>The document types the RetrievalAgent ingests, by extension, and the content type stored for each.</summary>
public static class DocumentTypes
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = Pdf,
        [".csv"] = "text/csv",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".docx"] = Docx,
        [".html"] = "text/html",
        [".htm"] = "text/html",
    };

    public static IEnumerable<string> Extensions => ContentTypes.Keys;

    public static string? ContentTypeOf(string fileName) =>
        ContentTypes.GetValueOrDefault(Path.GetExtension(fileName));

    public static bool IsPdf(string contentType) => contentType == Pdf;

    public static bool IsDocx(string contentType) => contentType == Docx;

    public static bool IsCsv(string contentType) => contentType == "text/csv";
}
