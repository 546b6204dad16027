namespace Switchboard.Gateway.Documents;

/// <summary>The document types the RetrievalAgent ingests, by extension, and the content type stored for each.</summary>
public static class DocumentTypes
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".csv"] = "text/csv",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
    };

    public static IEnumerable<string> Extensions => ContentTypes.Keys;

    public static string? ContentTypeOf(string fileName) =>
        ContentTypes.GetValueOrDefault(Path.GetExtension(fileName));

    public static bool IsPdf(string contentType) => contentType == "application/pdf";
}
