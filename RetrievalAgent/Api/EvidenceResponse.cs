namespace Switchboard.RetrievalAgent.Api;

/// <summary>
/// <c>POST /evidence</c>: the best evidence score for a question without the threshold applied, and the status
/// <c>/answer</c> gives at the configured threshold, so a calibration run can sweep thresholds from one pass.
/// <see cref="DocumentName"/>, <see cref="Page"/> and <see cref="Row"/> locate the hit that evidence came from
/// (the first citation when answered); they are null when nothing was found.
/// </summary>
public sealed record EvidenceResponse(double Evidence, string Status, string? DocumentName, int? Page, int? Row);
