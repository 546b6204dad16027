using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.Gateway.Agents;

public static class AgentClientsExtensions
{
    /// <summary>
    /// One typed client per agent at <c>http://&lt;agent&gt;</c>, resolved by service discovery from
    /// <c>services:&lt;agent&gt;:http:0</c>, with the resilience timeouts of <see cref="AgentCallOptions"/>.
    /// </summary>
    public static IHostApplicationBuilder AddAgentClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentCallOptions>()
            .BindConfiguration(AgentCallOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero && o.AttemptTimeout <= o.TotalTimeout,
                "Gateway:AgentCalls:AttemptTimeout must be positive and not exceed TotalTimeout.")
            .ValidateOnStart();

        // Name null: applies to the standard resilience options of every client in the Gateway, all of which call agents.
        builder.Services.AddSingleton<IConfigureOptions<HttpStandardResilienceOptions>>(services =>
            new ConfigureNamedOptions<HttpStandardResilienceOptions, IOptions<AgentCallOptions>>(
                name: null,
                services.GetRequiredService<IOptions<AgentCallOptions>>(),
                static (resilience, calls) => Apply(resilience, calls.Value)));

        builder.Services.AddHttpClient<ComplianceClient>(c => c.BaseAddress = AgentAddress(AgentNames.Compliance));
        builder.Services.AddHttpClient<RouterClient>(c => c.BaseAddress = AgentAddress(AgentNames.Router));
        builder.Services.AddHttpClient<RetrievalClient>(c => c.BaseAddress = AgentAddress(AgentNames.Retrieval));
        builder.Services.AddHttpClient<ReportingClient>(c => c.BaseAddress = AgentAddress(AgentNames.Reporting));
        builder.Services.AddTransient<IAnsweringAgent>(services => services.GetRequiredService<RetrievalClient>());
        builder.Services.AddTransient<IAnsweringAgent>(services => services.GetRequiredService<ReportingClient>());
        return builder;
    }

    private static Uri AgentAddress(string agent) => new($"http://{agent}");

    private static void Apply(HttpStandardResilienceOptions resilience, AgentCallOptions calls)
    {
        resilience.AttemptTimeout.Timeout = calls.AttemptTimeout;
        resilience.TotalRequestTimeout.Timeout = calls.TotalTimeout;
        resilience.Retry.MaxRetryAttempts = calls.MaxRetryAttempts;
        resilience.Retry.Delay = calls.RetryDelay;
        // The breaker's sampling window must be at least twice the attempt timeout (validated by the library).
        if (resilience.CircuitBreaker.SamplingDuration < 2 * calls.AttemptTimeout)
        {
            resilience.CircuitBreaker.SamplingDuration = 2 * calls.AttemptTimeout;
        }
    }
}
