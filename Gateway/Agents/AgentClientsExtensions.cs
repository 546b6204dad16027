using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

public static class AgentClientsExtensions
{
    private static readonly string[] Agents = [AgentNames.Compliance, AgentNames.Router, AgentNames.Retrieval, AgentNames.Reporting, AgentNames.Risk, AgentNames.Workflows];

    /// <summary>
    /// One typed client per agent at <c>http://&lt;agent&gt;</c>, resolved by service discovery from
    /// <c>services:&lt;agent&gt;:http:*</c> (round robin over several replicas), each with its own resilience pipeline
    /// (<see cref="AgentResilience"/>) and the request's remaining deadline sent on every attempt.
    /// </summary>
    public static IHostApplicationBuilder AddAgentClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentCallOptions>()
            .BindConfiguration(AgentCallOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, "Gateway:AgentCalls:RetryDelay must not be negative.")
            .Validate(o => o.BreakDuration >= TimeSpan.FromMilliseconds(500), "Gateway:AgentCalls:BreakDuration must be at least 0.5 s.")
            .Validate(o => o.SamplingDuration >= TimeSpan.FromMilliseconds(500), "Gateway:AgentCalls:SamplingDuration must be at least 0.5 s.")
            .ValidateOnStart();

        foreach (var agent in Agents)
        {
            builder.Services.AddResiliencePipeline<string, HttpResponseMessage>(AgentResilience.PipelineName(agent), (pipeline, context) =>
                AgentResilience.Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<AgentCallOptions>>().Value));
        }

        builder.Services.AddSingleton<AgentPipelines>();
        builder.Services.AddSingleton<EndpointHealth>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<ComplianceClient>(c => c.BaseAddress = AgentAddress(AgentNames.Compliance)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Compliance);
        builder.Services.AddHttpClient<RouterClient>(c => c.BaseAddress = AgentAddress(AgentNames.Router)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Router);
        builder.Services.AddHttpClient<RetrievalClient>(c => c.BaseAddress = AgentAddress(AgentNames.Retrieval)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Retrieval);
        builder.Services.AddHttpClient<ReportingClient>(c => c.BaseAddress = AgentAddress(AgentNames.Reporting)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Reporting);
        builder.Services.AddHttpClient<RiskClient>(c => c.BaseAddress = AgentAddress(AgentNames.Risk)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Risk);
        builder.Services.AddHttpClient<WorkflowsClient>(c => c.BaseAddress = AgentAddress(AgentNames.Workflows)).AddRequestDeadlinePropagation().AddEndpointEjection(AgentNames.Workflows);
        builder.Services.AddTransient<IAnsweringAgent>(services => services.GetRequiredService<RetrievalClient>());
        builder.Services.AddTransient<IAnsweringAgent>(services => services.GetRequiredService<ReportingClient>());
        return builder;
    }

    private static Uri AgentAddress(string agent) => new($"http://{agent}");
}
