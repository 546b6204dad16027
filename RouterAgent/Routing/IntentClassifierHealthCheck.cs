using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Switchboard.RouterAgent.Routing;

/// <summary>Not ready until the classifier is trained, so no traffic is sent to a replica that would answer 503.</summary>
public sealed class IntentClassifierHealthCheck(IntentClassifier classifier) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            classifier.IsReady
                ? HealthCheckResult.Healthy(classifier.ModelVersion is { } version
                    ? $"model version {version} loaded" : $"trained on {classifier.ExampleCount} examples")
            : classifier.Failure is { } failure ? HealthCheckResult.Unhealthy($"training failed: {failure}")
            : HealthCheckResult.Unhealthy("classifier is still training"));
}
