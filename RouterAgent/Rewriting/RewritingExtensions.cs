using Switchboard.AgentCore.AI.Chat;

namespace Switchboard.RouterAgent.Rewriting;

public static class RewritingExtensions
{
    /// <summary>
    /// The follow-up rewriter: the deterministic <see cref="RuleBasedQuestionRewriter"/>. With a model configured
    /// (<c>AI:Chat:Provider</c> other than Extractive) a model-based <see cref="IQuestionRewriter"/> belongs here; none
    /// exists yet, so the rule-based one is used and the start-up log says so.
    /// </summary>
    public static IHostApplicationBuilder AddQuestionRewriting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IQuestionRewriter, RuleBasedQuestionRewriter>();
        var provider = builder.Configuration[$"{ChatClientOptions.SectionName}:Provider"];
        if (!string.IsNullOrWhiteSpace(provider) && !string.Equals(provider, "Extractive", StringComparison.OrdinalIgnoreCase))
        {
            builder.Services.AddHostedService<RewriterNotice>();
        }

        return builder;
    }

    private sealed class RewriterNotice(ILogger<RuleBasedQuestionRewriter> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("AI:Chat:Provider is set, but follow-up rewriting by a model is not implemented; the rule-based rewriter is used");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
