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
        return builder;
    }
}
