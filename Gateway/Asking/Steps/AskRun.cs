using Switchboard.AgentCore.AI.Usage;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Access;
using Switchboard.Gateway.Agents;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>One question's run: what it was asked with, and what each step learned, for the next steps, the response and the record.</summary>
public sealed class AskRun(AskRequest request, Caller caller, AskContext? context)
{
    public AskRequest Request { get; } = request;

    /// <summary>Whose groups restrict the documents every answering agent may use.</summary>
    public Caller Caller { get; } = caller;

    /// <summary>The earlier questions of a conversation the client keeps itself (OpenAI chat); null for a plain question.</summary>
    public IReadOnlyList<string>? Conversation { get; } = context?.Conversation;

    /// <summary>Told as each stage starts (the streaming front doors); null for a plain question.</summary>
    public Action<AskStage>? OnStage { get; } = context?.OnStage;

    public StageTimings Timings { get; } = new(StageReporter(context?.OnStage));

    public string ScreenedQuestion { get; set; } = string.Empty;
    public IReadOnlyList<string> Findings { get; set; } = [];

    /// <summary>The earlier turns the router sees: the session's, or the client's conversation screened.</summary>
    public IReadOnlyList<ConversationTurn> Turns { get; set; } = [];

    public RouteDecision? Route { get; set; }

    /// <summary>The agents of the route plan this Gateway knows, in the plan's order.</summary>
    public IReadOnlyList<IAnsweringAgent> Planned { get; set; } = [];

    public IReadOnlyList<string> AgentsCalled { get; set; } = [];

    /// <summary>The standalone question the agents were (or would have been) asked.</summary>
    public string? AgentQuestion { get; set; }

    /// <summary>The question the review and the risk scoring judge the answer against.</summary>
    public string JudgedQuestion => AgentQuestion ?? ScreenedQuestion;

    /// <summary>The cache key of this question, when the cache is on; the outcome is stored under it only if <see cref="AnswerCacheStep.Keeps"/>.</summary>
    public string? CacheLookupKey { get; set; }

    public bool Cached { get; set; }

    /// <summary>Every planned agent's reply, in the plan's order.</summary>
    public IReadOnlyList<AgentReply> Replies { get; set; } = [];

    /// <summary>The agent answer the review judges.</summary>
    public AgentAnswer? Answer { get; set; }

    /// <summary>The text the review passed, with its verdict and the review that passed it.</summary>
    public ReviewedAnswer? Reviewed { get; set; }

    /// <summary>Usage reported or estimated per agent answer, review pass and risk judgement.</summary>
    public List<AnswerUsage> Usages { get; } = [];

    /// <summary>The prompt template the answering agent's model used; null for extractive and tool answers.</summary>
    public PromptReference? Prompt { get; set; }

    /// <summary>The RiskAgent's assessment of the answer; null when none was made.</summary>
    public RiskAssessment? Risk { get; set; }

    /// <summary>Set when the approval policy held the answer for a person.</summary>
    public HeldAnswer? Held { get; set; }

    /// <summary>Set when the outcome is stored in the answer cache under this key.</summary>
    public string? CacheKey { get; set; }

    private static Action<string>? StageReporter(Action<AskStage>? onStage) =>
        onStage is null ? null : stage => onStage(new AskStage(stage));
}

/// <summary>How a question ended: the status the client sees, the text, its sources and the review verdict.</summary>
public sealed record AskOutcome(string Status, string Answer, IReadOnlyList<Citation>? Citations = null, string? ReviewVerdict = null)
{
    public IReadOnlyList<Citation> Citations { get; } = Citations ?? [];
}

public sealed record AgentReply(string Agent, AgentAnswer? Answer, AgentCallException? Failure, TimeSpan Elapsed);

public sealed record ReviewedAnswer(string Text, string Verdict, ReviewResult Review);

public sealed record HeldAnswer(string Answer, IReadOnlyList<Citation> Citations, IReadOnlyList<string> Triggers);

/// <summary>
/// One named step of a question. It reads the run, adds what it learns, and either hands on (null) or ends the question
/// with its outcome. Every call it makes gets the request's token, which carries the request's deadline.
/// </summary>
public interface IAskStep
{
    Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken);
}
