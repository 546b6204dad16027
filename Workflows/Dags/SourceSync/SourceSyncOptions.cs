namespace Switchboard.Workflows.Dags.SourceSync;

/// <summary><c>Workflows:SourceSync</c>: the watched sources.</summary>
public sealed class SourceSyncOptions
{
    public const string SectionName = "Workflows:SourceSync";

    /// <summary>Folders whose files (recursively) are kept ingested; relative paths are from the content root.</summary>
    public List<string> Folders { get; set; } = [];

    /// <summary>URLs of single documents, fetched with If-None-Match / If-Modified-Since.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>S3-compatible buckets (each with its endpoint, prefix and key; <see cref="BucketSource"/>).</summary>
    public List<BucketSource> Buckets { get; set; } = [];

    /// <summary>File types taken from folders and buckets (others are ignored).</summary>
    public List<string> Extensions { get; set; } = [".pdf", ".csv", ".txt", ".md", ".html", ".htm", ".docx"];

    /// <summary>Tags every synced document carries (besides <c>source-sync</c>).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Whether a document whose source disappeared (file deleted, URL 404/410 or removed from the list) is deleted.</summary>
    public bool RetireRemoved { get; set; } = true;

    /// <summary>The largest file taken (the Gateway has its own limit too).</summary>
    public long MaxFileBytes { get; set; } = 20 * 1024 * 1024;
}
