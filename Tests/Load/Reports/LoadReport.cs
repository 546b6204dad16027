using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Load.Corpus;
using Switchboard.Load.Monitoring;
using Switchboard.Load.Peer;
using Switchboard.Load.Stack;
using Switchboard.Load.Stats;

namespace Switchboard.Load.Reports;

/// <summary>One phase of load: how it was generated and what it produced.</summary>
public sealed record PhaseReport
{
    public required string Name { get; init; }

    public required string Generator { get; init; }

    /// <summary>Closed loop: virtual users (connections for wrk).</summary>
    public int? Users { get; init; }

    public double? ThinkS { get; init; }

    /// <summary>Open loop: requests started per second.</summary>
    public double? Rate { get; init; }

    public required RunSummary Summary { get; init; }

    /// <summary>CPU the generator itself used during the phase (this process, or wrk as a waited-for child).</summary>
    public double GeneratorCpuSeconds { get; init; }

    public double GeneratorCpuPercent => Summary.DurationS > 0 ? Math.Round(GeneratorCpuSeconds / Summary.DurationS * 100, 1) : 0;

    public double? GeneratorCpuMsPerRequest => Summary.Requests > 0 ? Math.Round(GeneratorCpuSeconds * 1000 / Summary.Requests, 3) : null;

    public string? CommandLine { get; init; }

    /// <summary>Managed allocation and GCs of each .NET service during the phase (from its /metrics before and after).</summary>
    public IReadOnlyList<ServiceAllocation>? Allocation { get; init; }
}

public sealed record SaturationReport(double MaxAnsweredPerSecond, int AtUsers, double MaxRequestsPerSecond, string StopReason);

public sealed record OverloadReport(
    double BaseRate, string BaseRateFrom, double Factor, double OverloadRate, double DeadlineS,
    double ShareAnswered, double Share503, int OverDeadline, bool EveryResponseWithinDeadline,
    LatencySummary? Refusal503Latency, double? BeforeP95Ms, double? RecoveredAfterS, string RecoveryRule, int? Refusals503WithoutRetryAfter = null);

public sealed record SoakService(string Name, double WarmRssMb, double MinRssMb, double MaxRssMb, double MaxDeviationPercent, bool Flat, double SlopeMbPerMinute);

public sealed record SoakReport(double WarmupS, double TolerancePercent, IReadOnlyList<SoakService> Services, bool AllFlat);

public sealed record PeerComparison(
    PeerResult Lucene, LatencySummary? ServiceAsk, LatencySummary? ServiceSearch,
    double? AskP50Ratio, double? AskP95Ratio, double? SearchP50Ratio, double? SearchP95Ratio, string Note);

public sealed record CorpusReport(IReadOnlyList<string> Folders, IReadOnlyList<string> Skipped, IReadOnlyList<IngestedDocument> Documents, int Chunks);

/// <summary>Everything one invocation measured; written as JSON and summarised in RESULTS.md.</summary>
public sealed record LoadReport
{
    public required string Scenario { get; init; }

    public string? Label { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string Command { get; init; }

    public required GitInfo Git { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>With --stack-root: the checkout whose run.sh started the measured services (when not this repository).</summary>
    public string? StackRoot { get; init; }

    public required string Gateway { get; init; }

    public required string AnswerCache { get; init; }

    public int? AnswerCacheHitsDuringRun { get; init; }

    public CorpusReport? Corpus { get; init; }

    public required int EvalQuestions { get; init; }

    public required int BroadQuestions { get; init; }

    public IReadOnlyList<string> QuestionFiles { get; init; } = [];

    public IReadOnlyList<PhaseReport> Phases { get; init; } = [];

    public IReadOnlyList<ServiceResources> Resources { get; init; } = [];

    public SaturationReport? Saturation { get; init; }

    public OverloadReport? Overload { get; init; }

    public SoakReport? Soak { get; init; }

    public PeerComparison? Peer { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The machine's 1-minute load average before and after the load (anything else running skews the figures).</summary>
    public double LoadAverageBefore { get; init; }

    public double LoadAverageAfter { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new RoundedDouble() },
    };

    /// <summary>Doubles with at most three decimals: the JSON stays readable.</summary>
    private sealed class RoundedDouble : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(Math.Round(value, 3));
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
