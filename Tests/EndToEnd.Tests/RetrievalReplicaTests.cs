using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The embedded stack with two RetrievalAgent replicas sharing one store file behind the Gateway. Still on the hand-made
/// launcher, the one collection not on the AppHost: there the replicas sit behind DCP's proxy, which parks a connection
/// while no replica is up (it waits for one to come back), so with both replicas killed (AgentOutageTests) the Gateway
/// waits out its deadline and answers 504 instead of failing at once with a 503 naming retrieval, which it cannot tell
/// from a slow agent. Moving it needs the Gateway to reach each replica itself, as it does here and as its ejection of
/// dead replicas assumes (Gateway/Agents/EndpointEjection.cs): one proxyless resource per replica in the AppHost.
/// </summary>
public sealed class ReplicatedStack : SwitchboardStack
{
    protected override int ReplicaCount => 2;

    // The tests here are about fail-over, not latency: a CI machine busy with other test processes must not turn a slow
    // review into a 504, so the request deadline is generous (the default is 5 s). The answer cache is off so that every
    // question really reaches the agents (a cached answer is served even with an agent down).
    protected override IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>
    {
        ["Gateway__Deadline"] = "00:00:30",
        ["Gateway__AnswerCache__Enabled"] = "false",
    };
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicatedStackCollection : ICollectionFixture<ReplicatedStack>
{
    public const string Name = "replicated-stack";
}

/// <summary>
/// Scale-out of the RetrievalAgent on the embedded default: two replicas (real processes) read one SQLite file through
/// their own in-memory indexes, the Gateway spreads calls across both (service discovery with two addresses), and
/// <c>kill -9</c> of one under traffic loses no question: calls that hit the dead replica are retried on the survivor.
/// </summary>
[Collection(ReplicatedStackCollection.Name)]
public sealed class RetrievalReplicaTests(ReplicatedStack stack, ITestOutputHelper output)
{
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan KillAfter = TimeSpan.FromSeconds(4);
    private const int Users = 4;

    [Fact]
    public async Task Two_replicas_answer_identically_and_the_survivor_serves_everything_when_one_is_killed()
    {
        foreach (var sample in await stack.EnsureSamplesIngestedAsync())
        {
            Assert.Equal(DocumentStatus.Ready, sample.Document?.Status);
        }

        var samples = SampleQuestion.Load(stack.SamplesDirectory);
        var questions = samples.Select(q => q.Question).ToList();
        var inScope = samples.Where(q => q.Kind == SampleQuestion.InScope).Select(q => q.Question).ToHashSet();

        // 1. Both replicas hold the same corpus and give the same answers (asked directly, bypassing the Gateway). "Ready"
        //    is said by the replica that ingested; the other follows the store's change log within a sync interval (250 ms).
        var expected = new Dictionary<string, (string Status, string Answer)>();
        foreach (var question in questions)
        {
            var answers = await Eventually.MatchAsync(
                () => Task.WhenAll(stack.RetrievalReplicas.Select(r => AnswerDirectlyAsync(r, question))),
                a => a.All(x => x == a[0]), $"both replicas answering '{question}' alike", seconds: 10);
            expected[question] = answers[0];
        }

        Assert.Contains(expected.Values, a => a.Status == AnswerStatus.Answered);

        // 2. Through the Gateway, under traffic from several users, kill -9 the second replica mid-way.
        var gatewayAnswers = new ConcurrentDictionary<string, (string Status, string Answer)>();
        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var clock = Stopwatch.StartNew();
        var killed = TimeSpan.Zero;
        var load = Enumerable.Range(0, Users).Select(user => Task.Run(async () =>
        {
            for (var i = user; clock.Elapsed < LoadDuration; i += Users)
            {
                var question = questions[i % questions.Count];
                using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new { question });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)response.StatusCode} at {clock.Elapsed.TotalSeconds:F1} s for '{question}': {body}");
                    continue;
                }

                var answer = System.Text.Json.JsonSerializer.Deserialize<AskResponse>(body, SwitchboardJson.Options)!;
                Interlocked.Increment(ref answered);
                if (gatewayAnswers.TryGetValue(question, out var earlier) && earlier != (answer.Status, answer.Answer))
                {
                    failures.Enqueue($"'{question}' was answered differently: '{earlier.Answer}' then '{answer.Answer}'");
                }

                gatewayAnswers[question] = (answer.Status, answer.Answer);
            }
        })).ToList();

        await Task.Delay(KillAfter);
        await stack.RetrievalReplicas[1].KillAsync();
        killed = clock.Elapsed;
        await Task.WhenAll(load);
        output.WriteLine($"{answered} questions answered in {clock.Elapsed.TotalSeconds:F1} s by {Users} users; replica 2 killed at {killed.TotalSeconds:F1} s");

        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(10)) + "\n" + stack.Diagnostics());
        Assert.True(answered > 2 * questions.Count, $"only {answered} questions were answered");

        // The Gateway's answers to the in-scope questions are the replicas' answers (the review may shorten, never change, them).
        var documentAnswers = gatewayAnswers.Where(a => inScope.Contains(a.Key)).ToList();
        Assert.Equal(inScope.Count, documentAnswers.Count);
        Assert.All(documentAnswers, a =>
        {
            Assert.Equal(AnswerStatus.Answered, a.Value.Status);
            Assert.Equal(FirstSentence(expected[a.Key].Answer), FirstSentence(a.Value.Answer));
        });

        // 3. The killed replica restarts, catches up with a document ingested while it was down, and answers as the survivor does.
        using (var upload = await stack.UploadAsync("replica-catch-up.txt", Encoding.UTF8.GetBytes(
                   "The replica catch-up drill is held every second Thursday in the Lisbon office.")))
        {
            Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
            var document = await upload.Content.ReadFromJsonAsync<DocumentInfo>(SwitchboardJson.Options);
            Assert.Equal(DocumentStatus.Ready, (await stack.WaitForIngestionAsync(document!.Id)).Status);
        }

        var restarted = await stack.RestartRetrievalAsync(1);
        const string drill = "When is the replica catch-up drill held?";
        var survivorAnswer = await AnswerDirectlyAsync(stack.RetrievalReplicas[0], drill);
        Assert.Equal(AnswerStatus.Answered, survivorAnswer.Status);
        Assert.Equal(survivorAnswer, await Eventually.MatchAsync(() => AnswerDirectlyAsync(restarted, drill), a => a == survivorAnswer, "the restarted replica answers the new document", seconds: 30));
        foreach (var question in questions)
        {
            Assert.Equal(expected[question], await AnswerDirectlyAsync(restarted, question));
        }
    }

    private static async Task<(string Status, string Answer)> AnswerDirectlyAsync(ServiceProcess replica, string question)
    {
        using var http = replica.CreateServiceClient(TimeSpan.FromSeconds(30));
        using var response = await http.PostAsJsonAsync("/answer", new AgentAnswerRequest(question), SwitchboardJson.Options);
        response.EnsureSuccessStatusCode();
        var answer = (await response.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
        return (answer.Status, answer.Answer);
    }

    /// <summary>The answer's first quoted sentence, up to its citation marker.</summary>
    private static string FirstSentence(string answer) => answer.Split(" [", 2)[0];
}
