using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Switchboard.AgentCore.AI.Tests.Support;

/// <summary>
/// Stands in for the RetrievalAgent's extractive answerer in pipeline tests: answers with fixed text and, like the
/// extractive answerer, reports no token usage. Counts calls so tests can see what reached it.
/// </summary>
public sealed class FixedAnswerChatClient(string answer) : IChatClient
{
    public int Calls { get; private set; }

    public ChatOptions? LastOptions { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        LastOptions = options;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = "extractive" });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        LastOptions = options;
        foreach (var word in answer.Split(' '))
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ModelId = "extractive" };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
