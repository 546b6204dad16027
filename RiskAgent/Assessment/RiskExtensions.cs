using Microsoft.Extensions.Options;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.RiskAgent.Assessment;

public static class RiskExtensions
{
    /// <summary>
    /// The rules (options bound from <c>Risk</c>, validated at start) and, when <c>Risk:Judge</c> is <c>Llm</c>, or
    /// <c>Auto</c> with <c>AI:Chat:Provider</c> naming a model, the configured chat client and the model judge.
    /// </summary>
    public static IHostApplicationBuilder AddRiskAssessment(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RiskOptions>()
            .BindConfiguration(RiskOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RiskOptions>>(new ValidateRiskOptions());
        builder.Services.AddSingleton<RiskRules>();

        if (UsesModelJudge(builder.Configuration))
        {
            builder.AddConfiguredChatClient();
            builder.AddPromptLibrary(PromptNames.RiskJudge);
            builder.Services.AddSingleton<LlmRiskJudge>();
            builder.Services.AddSingleton(sp => new RiskAssessor(sp.GetRequiredService<RiskRules>(), sp.GetRequiredService<LlmRiskJudge>()));
        }
        else
        {
            builder.Services.AddSingleton(sp => new RiskAssessor(sp.GetRequiredService<RiskRules>()));
        }

        return builder;
    }

    private static bool UsesModelJudge(IConfiguration configuration)
    {
        var mode = configuration.GetSection(RiskOptions.SectionName).GetValue<RiskJudgeMode?>(nameof(RiskOptions.Judge)) ?? RiskJudgeMode.Auto;
        return mode switch
        {
            RiskJudgeMode.Llm => true,
            RiskJudgeMode.Rules => false,
            // A misspelt provider counts as configured, so the chat options' validation stops the service naming the key.
            _ => configuration[$"{ChatClientOptions.SectionName}:Provider"] is { } provider
                 && !string.IsNullOrWhiteSpace(provider)
                 && !string.Equals(provider.Trim(), ChatProviders.Extractive, StringComparison.OrdinalIgnoreCase),
        };
    }

    private sealed class ValidateRiskOptions : IValidateOptions<RiskOptions>
    {
        public ValidateOptionsResult Validate(string? name, RiskOptions options) =>
            options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
