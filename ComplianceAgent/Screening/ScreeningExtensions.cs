using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.AgentCore.Screening.Injection;
using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Screening;

public static class ScreeningExtensions
{
    public static IHostApplicationBuilder AddScreening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ScreeningOptions>()
            .BindConfiguration(ScreeningOptions.SectionName)
            .ValidateOnStart(); // a misspelt action ("redcat") fails the start, not the first request

        builder.Services.TryAddSingleton<PromptInjectionDetector>();
        builder.Services.TryAddSingleton<PiiScanner>();
        builder.Services.AddSingleton<QuestionScreener>();
        return builder;
    }
}
