using System.Globalization;

namespace Switchboard.Evaluation.Calibrate;

/// <summary>calibration.json: the samples, every candidate threshold, the chosen one and the setting that applies it.</summary>
public sealed record CalibrationReport(
    string Retrieval,
    string QuestionsFile,
    DateTimeOffset GeneratedAt,
    double MaxFalseAnswerRate,
    ThresholdCandidate Best,
    string ConfigurationLine,
    int CurrentInScopeAnswered,
    int CurrentOutOfScopeAnswered,
    IReadOnlyList<ThresholdCandidate> Candidates,
    IReadOnlyList<EvidenceSample> Samples)
{
    public const string SettingKey = "Retrieval__Answer__MinEvidence";

    public static string ConfigurationFor(double threshold) =>
        $"{SettingKey}={threshold.ToString("R", CultureInfo.InvariantCulture)}";
}
