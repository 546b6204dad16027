using Switchboard.RetrievalAgent.Search;

namespace Switchboard.RetrievalAgent.Answering;

public static class AnsweringExtensions
{
    /// <summary>Search and the extractive answerer (<c>Retrieval:Answer</c>).</summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Answer: MinEvidence must be in (0, 1], MinSpecificCoverage in [0, 1], MaxSentences and MaxSources in 1..10.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ChunkSearcher>();
        builder.Services.AddSingleton<ExtractiveAnswerer>();
        return builder;
    }
}
