using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Sessions;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The earlier turns the router rewrites a follow-up with: the session's (screened when they were asked), or the
/// conversation an OpenAI client sent, screened now like the question: a refused one is left out (a session never keeps
/// refused questions), a redacted one goes with its personal data replaced. A few at a time, so a long conversation
/// does not crowd the ComplianceAgent.
/// </summary>
public sealed class HistoryStep(ConversationMemory memory, ComplianceClient compliance) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        run.Turns = run.Conversation switch
        {
            null => (await memory.GetAsync(run.Caller, run.Request.SessionId)).Select(t => new ConversationTurn(t.Question, t.RewrittenQuestion, t.Answer)).ToList(),
            { Count: 0 } => [],
            var conversation => await run.Timings.TimeAsync("history", () => ScreenAsync(conversation, cancellationToken)),
        };
        return null;
    }

    private async Task<IReadOnlyList<ConversationTurn>> ScreenAsync(IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        var screened = new string?[questions.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, questions.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var screen = await compliance.ScreenAsync(new ScreenRequest(questions[i]), token);
                screened[i] = screen.Verdict switch
                {
                    ScreenVerdicts.Refuse => null,
                    _ when !string.IsNullOrWhiteSpace(screen.Question) => screen.Question,
                    ScreenVerdicts.Allow => questions[i],
                    _ => null,
                };
            });
        return screened.OfType<string>().Select(question => new ConversationTurn(question)).ToList();
    }
}
