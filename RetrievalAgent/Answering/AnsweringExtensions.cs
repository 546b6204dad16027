namespace Switchboard.RetrievalAgent.Answering;

public static class AnsweringExtensions
{
    /// <summary>The extractive answerer (<c>Retrieval:Answer</c>) and the citation check it ends with.</summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Answer: MinEvidence must be in (0, 1], MinSpecificCoverage and ContextCredit in [0, 1], MaxSentences and MaxSources in 1..10.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CitationVerifier>();
        builder.Services.AddSingleton<ExtractiveAnswerer>();
        return builder;
    }
}
