using Aspire.Hosting.ApplicationModel;

namespace Switchboard.AppHost.Samples;

/// <summary>
/// A row in the dashboard for the one-shot upload of <c>samples/</c> through the Gateway on the first start: its
/// state (Waiting, Running, Finished or Exited with a failure), its log, and a command to ingest again.
/// </summary>
public sealed class SampleIngestionResource(string name, string samplesDirectory, string markerFile) : Resource(name)
{
    public const string ResourceType = "SampleIngestion";

    public string SamplesDirectory { get; } = samplesDirectory;

    /// <summary>Written once every sample is ready (one file name a line, as run.sh wrote it); its presence skips the upload.</summary>
    public string MarkerFile { get; } = markerFile;

    /// <summary>The files uploaded: everything in the samples folder but its README and the question list.</summary>
    public IReadOnlyList<string> SampleFiles() =>
        Directory.GetFiles(SamplesDirectory)
            .Where(f => Path.GetFileName(f) is not ("README.md" or "questions.json"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
