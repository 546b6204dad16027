using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchboard.AgentCore.Contracts;
using Switchboard.ServiceDefaults.Overload;
using Switchboard.Tests.Support;

namespace Switchboard.Gateway.Tests.Fakes;

/// <summary>
/// The four agents the Gateway calls, each a real Kestrel server on 127.0.0.1:0 answering with canned but
/// contract-correct responses. They stand in for the real agents only in these Gateway-level tests; each test sets
/// the behaviour it needs and reads what the Gateway sent.
/// </summary>
public sealed class FakeAgents : IAsyncDisposable
{
    public const string RefundQuestion = "What is the refund policy?";

    private readonly List<WebApplication> _servers = [];

    public Dictionary<string, string> Urls { get; } = [];

    public Func<ScreenRequest, ScreenResult> Screen { get; set; } = null!;
    public Func<RouteRequest, RouteDecision> Route { get; set; } = null!;
    public Func<AgentAnswerRequest, AgentAnswer> Retrieval { get; set; } = null!;
    public Func<AgentAnswerRequest, AgentAnswer> Reporting { get; set; } = null!;
    public Func<ReviewRequest, ReviewResult> Review { get; set; } = null!;
    public Func<string, bool> DeleteDocument { get; set; } = null!;
    public Func<SearchRequest, SearchResponse> Search { get; set; } = null!;
    public Func<RiskRequest, RiskAssessment> Risk { get; set; } = null!;

    /// <summary>
    /// The fake RiskAgent's address. Not in <see cref="Urls"/>: the shared Gateway runs without a RiskAgent (as a Gateway
    /// without <c>services:risk</c> does); a test points one at it with <c>services:risk:http:0</c>.
    /// </summary>
    public string RiskUrl { get; private set; } = "";
    public ConcurrentQueue<RiskRequest> Risks { get; } = new();

    public ConcurrentQueue<ScreenRequest> Screens { get; } = new();
    public ConcurrentQueue<RouteRequest> Routes { get; } = new();
    public ConcurrentQueue<AgentAnswerRequest> RetrievalRequests { get; } = new();
    public ConcurrentQueue<AgentAnswerRequest> ReportingRequests { get; } = new();
    public ConcurrentQueue<ReviewRequest> Reviews { get; } = new();
    public ConcurrentQueue<string> Deletes { get; } = new();
    public ConcurrentQueue<SearchRequest> Searches { get; } = new();

    /// <summary>Every HTTP request any fake received, in order, with the deadline header the Gateway sent.</summary>
    public ConcurrentQueue<AgentCall> Calls { get; } = new();

    /// <summary>
    /// Per agent: answers a request before the normal behaviour runs when it returns a result (a 503 with Retry-After, a
    /// 400, a slow answer). Returning <c>null</c> lets the normal behaviour answer.
    /// </summary>
    public ConcurrentDictionary<string, Func<HttpContext, Task<IResult?>>> Interceptors { get; } = new();

    /// <summary>The calls one agent received.</summary>
    public IReadOnlyList<AgentCall> CallsTo(string agent) => Calls.Where(c => c.Agent == agent).ToList();

    public static readonly IReadOnlyList<Citation> RefundCitations =
    [
        new(1, "doc-policy", "refund-policy.pdf", 2, null, "doc-policy:3", "Refunds are available within 30 days of purchase.", 0.91),
        new(2, "doc-plans", "plans.csv", null, 4, "doc-plans:4", "annual,prorated refund", 0.72),
        new(3, "doc-faq", "faq.md", null, null, "doc-faq:1", "Contact support for anything else.", 0.33),
    ];

    public static readonly IReadOnlyList<AnswerContext> RefundContexts =
    [
        new(1, "refund-policy.pdf p.2", "Refunds are available within 30 days of purchase."),
        new(2, "plans.csv row 4", "annual,prorated refund"),
        new(3, "faq.md", "Contact support for anything else."),
    ];

    /// <summary>Cites [1] and [2]; citation 3 is returned by the agent but never referenced.</summary>
    public const string RefundAnswer = "Refunds are available within 30 days of purchase [1]. Annual plans get a prorated refund [2].";

    public static async Task<FakeAgents> StartAsync()
    {
        var agents = new FakeAgents();
        agents.Reset();
        await agents.StartServerAsync(AgentNames.Compliance, app =>
        {
            app.MapPost("/screen", (ScreenRequest request) => Record(agents.Screens, request, agents.Screen));
            app.MapPost("/review", (ReviewRequest request) => Record(agents.Reviews, request, agents.Review));
        });
        await agents.StartServerAsync(AgentNames.Router, app =>
            app.MapPost("/route", (RouteRequest request) => Record(agents.Routes, request, agents.Route)));
        await agents.StartServerAsync(AgentNames.Retrieval, app =>
        {
            app.MapPost("/answer", (AgentAnswerRequest request) => Record(agents.RetrievalRequests, request, agents.Retrieval));
            app.MapPost("/search", (SearchRequest request) => Record(agents.Searches, request, agents.Search));
            app.MapDelete("/documents/{id}", (string id) =>
            {
                agents.Deletes.Enqueue(id);
                return agents.DeleteDocument(id) ? Results.NoContent() : Results.Problem(statusCode: 404, title: "Document not found");
            });
        });
        await agents.StartServerAsync(AgentNames.Reporting, app =>
            app.MapPost("/answer", (AgentAnswerRequest request) => Record(agents.ReportingRequests, request, agents.Reporting)));
        await agents.StartServerAsync(AgentNames.Risk, app =>
            app.MapPost("/assess", (RiskRequest request) => Record(agents.Risks, request, agents.Risk)));
        agents.RiskUrl = agents.Urls[AgentNames.Risk];
        agents.Urls.Remove(AgentNames.Risk);
        return agents;
    }

    /// <summary>The happy path: allow, route to retrieval, answer with citations, review passes.</summary>
    public void Reset()
    {
        Screen = request => new ScreenResult(ScreenVerdicts.Allow, request.Question, [], null);
        Route = request => new RouteDecision(Intents.Documents, 0.93, [AgentNames.Retrieval], request.Question);
        Retrieval = _ => new AgentAnswer(AgentNames.Retrieval, AnswerStatus.Answered, RefundAnswer, RefundCitations, RefundContexts);
        Reporting = _ => new AgentAnswer(AgentNames.Reporting, AnswerStatus.Answered,
            "You used 1200 tokens today [1].",
            [new Citation(1, "ledger", "usage ledger", null, 1, "ledger:today", "tokens=1200", 1.0)],
            [new AnswerContext(1, "usage ledger", "tokens=1200")]);
        Review = _ => new ReviewResult(ReviewVerdicts.Pass, [], null, null);
        Risk = _ => new RiskAssessment(RiskLevels.Low, []);
        Risks.Clear();
        DeleteDocument = _ => false;
        Search = _ => new SearchResponse(
        [
            new SearchHit("doc-policy:3", "doc-policy", "refund-policy.pdf", 2, null, "Refunds are available within 30 days of purchase.", 0.91),
            new SearchHit("doc-plans:4", "doc-plans", "plans.csv", null, 4, "annual,prorated refund", 0.72),
        ]);
        Screens.Clear();
        Routes.Clear();
        RetrievalRequests.Clear();
        ReportingRequests.Clear();
        Reviews.Clear();
        Deletes.Clear();
        Searches.Clear();
        Calls.Clear();
        Interceptors.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }
    }

    private static TResponse Record<TRequest, TResponse>(ConcurrentQueue<TRequest> calls, TRequest request, Func<TRequest, TResponse> respond)
    {
        calls.Enqueue(request);
        return respond(request); // a behaviour that throws makes the fake answer 500
    }

    private async Task StartServerAsync(string agent, Action<WebApplication> map)
    {
        var (app, url) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                Calls.Enqueue(new AgentCall(agent, context.Request.Path, context.Request.Headers[RequestDeadline.HeaderName].ToString()));
                if (Interceptors.TryGetValue(agent, out var intercept) && await intercept(context) is { } result)
                {
                    await result.ExecuteAsync(context);
                    return;
                }

                await next(context);
            });
            map(app);
        });
        _servers.Add(app);
        Urls[agent] = url;
    }
}

/// <summary>One request a fake agent received: which agent, which path, and the <c>Switchboard-Deadline-Ms</c> value ("" if none).</summary>
public sealed record AgentCall(string Agent, string Path, string DeadlineMs);
