namespace Switchboard.RouterAgent.Routing;

public static class RoutingExtensions
{
    /// <summary>The intent classifier (trained in the background), its readiness check and the route planner.</summary>
    public static IHostApplicationBuilder AddIntentRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RouterOptions>()
            .BindConfiguration(RouterOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<IntentClassifier>();
        builder.Services.AddSingleton<RoutePlanner>();
        builder.AddLlmIntentClassification();
        builder.Services.AddHostedService<IntentClassifierTrainingService>();
        builder.Services.AddHealthChecks().AddCheck<IntentClassifierHealthCheck>("intent-classifier", tags: ["ready"]);
        return builder;
    }
}
