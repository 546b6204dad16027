using Switchboard.AgentCore.Tools;

namespace Switchboard.RetrievalAgent.Answering;

public static class AnsweringExtensions
{
    /// <summary>
    /// The extractive answerer (<c>Retrieval:Answer</c>) and the citation check it ends with, plus the REST API tools
    /// (<c>Tools:*</c>, or a file named by <c>Tools:ConfigurationFile</c>) that answer before the documents.
    /// </summary>
    public static IHostApplicationBuilder AddAnswering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnswerOptions>()
            .BindConfiguration(AnswerOptions.SectionName)
            .Validate(o => o.IsValid, "Retrieval:Answer: MinEvidence must be in (0, 1], MinSpecificCoverage and ContextCredit in [0, 1], MaxSentences and MaxSources in 1..10.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CitationVerifier>();
        builder.Services.AddSingleton<ExtractiveAnswerer>();
        builder.AddDocumentAnswerer();
        builder.AddAgentTools();
        builder.Services.AddSingleton<ApiToolAnswers>();
        return builder;
    }
}
