namespace Switchboard.ReportingAgent.Review;

/// <summary>
/// The global daily budget the review measures spend against: the Gateway's key <c>Budget:DailyUsd</c> (default 50),
/// read here from the same key so both services agree when it is set for both (as the AppHost and k8s do for shared keys).
/// </summary>
public sealed class ReviewBudgetOptions
{
    public const string SectionName = "Budget";

    public decimal? DailyUsd { get; set; } = 50m;
}
