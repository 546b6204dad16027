using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.AgentCore;
using Switchboard.AgentCore.AI.Prompts;
using Switchboard.AgentCore.Contracts;
using Switchboard.RetrievalAgent.Answering;
using Switchboard.RetrievalAgent.Tests.Support;
using Switchboard.Tests.Agents;
using Switchboard.Tests.Support;

namespace Switchboard.RetrievalAgent.Tests.Answering;

/// <summary>
/// /answer with a model configured: the real RetrievalAgent against real Redis and a local server speaking OpenAI's
/// chat-completions protocol (scripted replies, recorded requests).
/// </summary>
public sealed class GenerativeAnsweringTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const string Question = "How much are hotel costs reimbursed per night?";
    private FakeOpenAIServer _model = null!;
    private RetrievalApp _app = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeOpenAIServer.StartAsync();
        _app = new RetrievalApp(redis, _model.Settings);
        var id = await _app.UploadAsync($"expense-policy-{Guid.NewGuid():N}.txt", "text/plain", Encoding.UTF8.GetBytes(SampleCorpus.Expenses));
        Assert.Equal(DocumentStatus.Ready, (await _app.WaitForIngestionAsync(id)).Status);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _model.DisposeAsync();
    }

    private async Task<AgentAnswer> AskAsync(string question)
    {
        var response = await _app.Client.PostAsJsonAsync("/answer", new AgentAnswerRequest(question));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
    }

    [Fact]
    public async Task The_rendered_prompt_is_sent_and_the_cited_answer_is_returned_with_verified_citations_usage_and_prompt()
    {
        _model.Reply("Hotel costs are reimbursed up to 180 EUR per night in Europe [1].", promptTokens: 321, completionTokens: 17);
        var tagged = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.GetTagItem(PromptTelemetry.NameTag) is not null) { lock (tagged) { tagged.Add(a); } } },
        };
        ActivitySource.AddActivityListener(listener);

        var answer = await AskAsync(Question);

        var request = Assert.Single(_model.Requests);
        Assert.Equal(FakeOpenAIServer.Model, request.GetProperty("model").GetString());
        var instructions = _model.SystemText(0);
        Assert.StartsWith("You are a financial research assistant", instructions);
        Assert.Contains("reply with exactly NOT_FOUND and nothing else", instructions);
        Assert.Matches(@"\[1\] expense-policy-[0-9a-f]+\.txt: Travel must be booked", instructions);
        var user = request.GetProperty("messages").EnumerateArray().Last();
        Assert.Equal("user", user.GetProperty("role").GetString());
        Assert.Contains(Question, user.GetProperty("content").ToString());

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night in Europe [1].", answer.Answer);
        var citation = Assert.Single(answer.Citations);
        Assert.Equal(1, citation.Number);
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night in Europe.", citation.Snippet);
        var context = Assert.Single(answer.Contexts);
        Assert.Equal(citation.Snippet, context.Text[citation.StartOffset!.Value..citation.EndOffset!.Value]);
        Assert.Equal(new PromptReference("retrieval-answer", "1.1.0"), answer.Prompt);
        Assert.NotNull(answer.Usage);
        Assert.Equal(321, answer.Usage.InputTokens);
        Assert.Equal(17, answer.Usage.OutputTokens);
        Assert.StartsWith(FakeOpenAIServer.Model, answer.Usage.Model);
        lock (tagged)
        {
            Assert.Contains(tagged, a => (string?)a.GetTagItem(PromptTelemetry.NameTag) == "retrieval-answer"
                && (string?)a.GetTagItem(PromptTelemetry.VersionTag) == "1.1.0");
        }
    }

    [Fact]
    public async Task The_not_found_marker_is_a_not_found_answer()
    {
        _model.Reply("NOT_FOUND");

        var answer = await AskAsync(Question);

        Assert.Single(_model.Requests);
        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(answer.Citations);
        Assert.Equal(ExtractiveAnswerer.NotFoundAnswer, answer.Answer);
    }

    [Fact]
    public async Task Below_the_evidence_threshold_the_model_is_not_called()
    {
        _model.Reply("Zebras migrate in summer [1].");

        var answer = await AskAsync("Which zebra migration patterns were observed in the Serengeti?");

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(_model.Requests);
        Assert.Null(answer.Usage);
    }

    [Fact]
    public async Task Sentences_citing_a_source_that_was_not_provided_or_nothing_are_dropped()
    {
        _model.Reply("Hotel costs are reimbursed up to 180 EUR per night in Europe [1]. The limit rises to 250 EUR in 2025 [7]. Ask your manager.");

        var answer = await AskAsync(Question);

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal("Hotel costs are reimbursed up to 180 EUR per night in Europe [1].", answer.Answer);
        Assert.Equal([1], answer.Citations.Select(c => c.Number));
    }

    [Fact]
    public async Task A_reply_with_no_usable_sentence_is_not_found()
    {
        _model.Reply("The limit is 250 EUR [4].");

        var answer = await AskAsync(Question);

        Assert.Equal(AnswerStatus.NotFound, answer.Status);
        Assert.Empty(answer.Citations);
    }
}

/// <summary>
/// The default (no AI:Chat:Provider): the chat client is the extractive one (ExtractiveChatClientTests), and /answer is
/// still the extractive answerer's answer, not a model run.
/// </summary>
public sealed class ExtractiveDefaultTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Without_a_provider_the_chat_client_is_the_extractive_one_and_the_answer_is_the_extractive_answerers()
    {
        await using var app = new RetrievalApp(redis);
        var id = await app.UploadAsync($"expense-policy-{Guid.NewGuid():N}.txt", "text/plain", Encoding.UTF8.GetBytes(SampleCorpus.Expenses));
        await app.WaitForIngestionAsync(id);

        Assert.NotNull(app.Services.GetRequiredService<IChatClient>().GetService<ExtractiveChatClient>());
        Assert.IsType<ExtractiveAnswerer>(app.Services.GetRequiredService<IDocumentAnswerer>());
        var request = new AgentAnswerRequest("How much are hotel costs reimbursed per night?", Filters: new SearchFilters([id]));
        var response = await app.Client.PostAsJsonAsync("/answer", request);
        response.EnsureSuccessStatusCode();
        var answer = (await response.Content.ReadFromJsonAsync<AgentAnswer>(SwitchboardJson.Options))!;
        var direct = await app.Services.GetRequiredService<ExtractiveAnswerer>().AnswerAsync(
            request.Question, Switchboard.RetrievalAgent.Search.ChunkSearcher.DefaultTopK, Switchboard.RetrievalAgent.Store.ChunkFilter.From(request.Filters, null), CancellationToken.None);

        Assert.Equal(AnswerStatus.Answered, answer.Status);
        Assert.Equal(direct.Answer.Answer, answer.Answer);
        Assert.Equal(direct.Answer.Citations, answer.Citations);
        Assert.Null(answer.Prompt);
    }
}
