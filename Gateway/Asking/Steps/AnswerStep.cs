using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Switchboard.AgentCore.Contracts;
using Switchboard.Gateway.Agents;
using Switchboard.Gateway.Usage;

namespace Switchboard.Gateway.Asking.Steps;

/// <summary>
/// The planned agents answer, in parallel (a compound question's plan names several), each with the same filters and
/// the caller's groups: none may answer from a document the caller cannot read. The first answered reply goes on to the
/// review. With none, the question is not found, in the agent's words (the agent decides not_found); but when an agent
/// failed, it might have had the answer: its failure is the client's answer (503/502/504), never a made-up not_found.
/// </summary>
public sealed class AnswerStep(AnswerUsageAccounting usage, ILogger<AnswerStep> logger) : IAskStep
{
    public async Task<AskOutcome?> RunAsync(AskRun run, CancellationToken cancellationToken)
    {
        var question = run.AgentQuestion!;
        var request = new AgentAnswerRequest(question, run.Request.TopK, run.Request.Filters, run.Caller.Groups);
        run.AgentsCalled = run.Planned.Select(a => a.Name).ToList();
        run.OnStage?.Invoke(new AskStage(AskStage.Answer, run.AgentsCalled));
        var replies = await Task.WhenAll(run.Planned.Select(agent => CallAsync(agent, request, cancellationToken)));
        run.Replies = replies;
        foreach (var reply in replies)
        {
            run.Timings.Add(reply.Agent, reply.Elapsed);
            if (reply.Answer is { } agentAnswer)
            {
                run.Usages.Add(usage.For(question, agentAnswer));
            }
        }

        var answered = replies.FirstOrDefault(r => r.Answer?.Status == AnswerStatus.Answered);
        if (answered is null)
        {
            if (replies.FirstOrDefault(r => r.Failure is not null)?.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            var notFound = replies.FirstOrDefault(r => !string.IsNullOrWhiteSpace(r.Answer?.Answer))?.Answer;
            return new AskOutcome(AnswerStatus.NotFound, notFound?.Answer ?? AnswerSentences.NothingFound);
        }

        foreach (var failed in replies.Where(r => r.Failure is not null))
        {
            logger.LogWarning(failed.Failure, "Agent {Agent} failed; answering with {AnsweredBy}", failed.Agent, answered.Agent);
        }

        run.Answer = answered.Answer!;
        run.Prompt = run.Answer.Prompt;
        return null;
    }

    private static async Task<AgentReply> CallAsync(IAnsweringAgent agent, AgentAnswerRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await agent.AnswerAsync(request, cancellationToken);
            return new AgentReply(agent.Name, answer, null, Stopwatch.GetElapsedTime(started));
        }
        catch (AgentCallException ex)
        {
            return new AgentReply(agent.Name, null, ex, Stopwatch.GetElapsedTime(started));
        }
    }
}
