using Microsoft.Extensions.DependencyInjection.Extensions;
using Switchboard.AgentCore.AI.Chat;
using Switchboard.AgentCore.AI.Prompts;

namespace Switchboard.ComplianceAgent.Review;

public static class ReviewExtensions
{
    public static IHostApplicationBuilder AddAnswerReview(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewOptions>()
            .BindConfiguration(ReviewOptions.SectionName)
            .Validate(o => o.MinSupport is > 0 and <= 1, $"{ReviewOptions.SectionName}:MinSupport must be in (0, 1].")
            .ValidateOnStart();

        builder.Services.AddSingleton<AnswerReviewer>();
        builder.Services.TryAddSingleton<Switchboard.AgentCore.Screening.Injection.PromptInjectionDetector>();
        builder.Services.AddSingleton<SourceScreening>();
        builder.Services.AddLlmJudge(builder);
        return builder;
    }

    /// <summary>
    /// The <see cref="GroundednessReview"/>; with <c>Compliance:Review:Judge=Llm</c> also the configured chat client (no
    /// extractive factory: the ComplianceAgent has no answerer, so a missing provider stops it at start naming
    /// <c>AI:Chat:Provider</c>), the prompt library and the <see cref="LlmGroundednessJudge"/>.
    /// </summary>
    private static void AddLlmJudge(this IServiceCollection services, IHostApplicationBuilder builder)
    {
        var judge = builder.Configuration.GetSection(ReviewOptions.SectionName).GetValue<ReviewJudge?>(nameof(ReviewOptions.Judge)) ?? ReviewJudge.Lexical;
        if (judge != ReviewJudge.Llm)
        {
            services.AddSingleton(sp => new GroundednessReview(sp.GetRequiredService<AnswerReviewer>()));
            return;
        }

        builder.AddConfiguredChatClient();
        builder.AddPromptLibrary(PromptNames.ComplianceJudge);
        services.AddSingleton<LlmGroundednessJudge>();
        services.AddSingleton(sp => new GroundednessReview(sp.GetRequiredService<AnswerReviewer>(), sp.GetRequiredService<LlmGroundednessJudge>()));
    }
}
