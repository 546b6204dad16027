using Switchboard.AgentCore.Contracts;

namespace Switchboard.RouterAgent.Rewriting;

/// <summary>
/// Turns a follow-up ("and in 2023?") into a standalone question using the conversation so far. A question that
/// already stands alone comes back unchanged (whitespace collapsed).
/// </summary>
public interface IQuestionRewriter
{
    /// <param name="question">The question as asked (screened).</param>
    /// <param name="history">The earlier turns of the session, oldest first; may be empty.</param>
    Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken);
}
