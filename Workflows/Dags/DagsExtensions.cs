using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;
using Switchboard.Workflows.Clients;
using Switchboard.Workflows.Dags.Evaluation;
using Switchboard.Workflows.Dags.Retention;
using Switchboard.Workflows.Dags.Review;
using Switchboard.Workflows.Dags.SourceSync;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags;

public static class DagsExtensions
{
    /// <summary>
    /// The four shipped DAGs, their options and the clients they call: the Gateway (<c>http://gateway</c>) and the
    /// ReportingAgent (<c>http://reporting</c>) by service discovery. Steps retry and time out in the engine; the clients
    /// only bound one call.
    /// </summary>
    public static IHostApplicationBuilder AddShippedDags(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<SourceSyncOptions>, SourceSyncOptionsValidator>();
        builder.Services.AddOptions<SourceSyncOptions>().BindConfiguration(SourceSyncOptions.SectionName).ValidateOnStart();
        builder.Services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName)
            .Validate(o => o.SearchTopK is >= 3 and <= Limits.MaxSearchTopK, $"{EvaluationOptions.SectionName}:SearchTopK must be between 3 and {Limits.MaxSearchTopK}.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName)
            .Validate(o => o.Window > TimeSpan.Zero && o.Keep > 0, $"{ReviewOptions.SectionName}: Window and Keep must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.Answers > TimeSpan.Zero && o.Sessions > TimeSpan.Zero, $"{RetentionOptions.SectionName}: ages must be positive.")
            .ValidateOnStart();

        var token = builder.Configuration["Workflows:Gateway:BearerToken"];
        builder.Services.AddHttpClient<GatewayApi>(http =>
        {
            http.BaseAddress = new Uri("http://gateway");
            http.Timeout = TimeSpan.FromMinutes(2);
            if (!string.IsNullOrWhiteSpace(token))
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", token);
            }
        });
        builder.Services.AddHttpClient<ReportingApi>(http =>
        {
            http.BaseAddress = new Uri("http://reporting");
            http.Timeout = TimeSpan.FromMinutes(1);
        });
        builder.Services.AddHttpClient(SourceSyncDag.HttpSourceClient, http => http.Timeout = TimeSpan.FromSeconds(30));

        builder.Services.AddSingleton<SyncState>();
        builder.Services.AddSingleton<EvaluationMetrics>();
        builder.Services.AddSingleton<IWorkflowDag, SourceSyncDag>();
        builder.Services.AddSingleton<IWorkflowDag, NightlyEvaluationDag>();
        builder.Services.AddSingleton<IWorkflowDag, WeeklyReviewDag>();
        builder.Services.AddSingleton<IWorkflowDag, RetentionDag>();
        return builder;
    }
}
