using System.Diagnostics.Metrics;
using Switchboard.AgentCore;

namespace Switchboard.RetrievalAgent;

/// <summary>The RetrievalAgent's instruments on the shared Switchboard meter (exported at /metrics).</summary>
internal static class RetrievalMetrics
{
    // The SDK's default buckets (0, 5, 10, 25 … 10000) suit milliseconds; these durations are in seconds.
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    public static readonly Counter<long> ChunksIngested = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.retrieval.chunks_ingested", "{chunk}", "Chunks written to the store by ingestion");

    public static readonly Counter<long> DocumentsIngested = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.retrieval.documents_ingested", "{document}", "Ingestion outcomes, tagged by status (ready, failed) and format");

    public static readonly Histogram<double> IngestionDuration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.retrieval.ingestion.duration", "s", "Time to parse, chunk and store one document", tags: null, SecondsBuckets);

    public static readonly Histogram<double> SearchDuration = SwitchboardTelemetry.Meter.CreateHistogram(
        "switchboard.retrieval.search.duration", "s", "Time to find and rank chunks for one query", tags: null, SecondsBuckets);

    public static readonly Counter<long> Answers = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.retrieval.answers", "{answer}", "Answers produced, tagged by status (answered, not_found)");
}
