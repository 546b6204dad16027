using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.Tests.Support;
using Xunit.Abstractions;

namespace Switchboard.EndToEnd.Tests;

/// <summary>
/// The stack with <c>Langfuse:*</c> set on every service, pointing at a stand-in for Langfuse's ingestion route: a small
/// fake that checks what Langfuse checks (the path, Basic auth with the project keys, protobuf, the ingestion version)
/// and hands each batch to a real OTLP receiver, the standalone Aspire dashboard.
/// </summary>
public sealed class TracedStack : SwitchboardApp
{
    public const string PublicKey = "pk-lf-switchboard-test";

    // Made for this run: a key that is never committed and means nothing elsewhere.
    public static readonly string SecretKey = "sk-lf-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private readonly HttpClient _forward = new();
    private WebApplication? _fake;

    public AspireDashboardReceiver Receiver { get; private set; } = null!;

    /// <summary>Every export the fake received: its path, Authorization, Content-Type and ingestion-version headers.</summary>
    public ConcurrentQueue<(string Path, string? Authorization, string? ContentType, string? IngestionVersion, HttpStatusCode Forwarded)> Exports { get; } = new();

    private string _langfuseUrl = "";

    protected override IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?>
    {
        ["Langfuse__BaseUrl"] = _langfuseUrl,
        ["Langfuse__PublicKey"] = PublicKey,
        ["Langfuse__SecretKey"] = SecretKey,
        ["Langfuse__Environment"] = "e2e",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
    };

    public override async Task InitializeAsync()
    {
        Receiver = await AspireDashboardReceiver.StartAsync(Metadata("AspireDashboardVersion"));
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PublicKey}:{SecretKey}"));
        var otlp = new Uri(Receiver.OtlpHttpEndpoint, "v1/traces");
        (_fake, _langfuseUrl) = await LoopbackServer.StartAsync(app => app.Run(async context =>
        {
            var request = context.Request;
            var authorization = request.Headers.Authorization.ToString();
            var version = request.Headers["x-langfuse-ingestion-version"].ToString();
            if (request.Path != "/api/public/otel/v1/traces" || request.Method != "POST")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                Exports.Enqueue((request.Path, authorization, request.ContentType, version, HttpStatusCode.NotFound));
                return;
            }

            if (authorization != expected)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                Exports.Enqueue((request.Path, authorization, request.ContentType, version, HttpStatusCode.Unauthorized));
                return;
            }

            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            using var content = new ByteArrayContent(body.ToArray());
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(request.ContentType ?? "application/x-protobuf");
            using var response = await _forward.PostAsync(otlp, content);
            Exports.Enqueue((request.Path, authorization, request.ContentType, version, response.StatusCode));
            context.Response.StatusCode = (int)response.StatusCode;
        }));
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }

        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }

        _forward.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracedStackCollection : ICollectionFixture<TracedStack>
{
    public const string Name = "traced-stack";
}

[Collection(TracedStackCollection.Name)]
public sealed class LangfuseExportTests(TracedStack stack, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_span_of_a_question_reaches_Langfuse_with_its_session_user_and_agent_attributes_and_nothing_secret()
    {
        await stack.EnsureSamplesIngestedAsync();
        var question = SampleQuestion.Load(stack.SamplesDirectory).First(q => q.Kind == SampleQuestion.InScope).Question;
        var sessionId = "session-" + Guid.NewGuid().ToString("N");
        using var response = await stack.Http.PostAsJsonAsync("/v1/ask", new { question, sessionId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await response.Content.ReadFromJsonAsync<AskResponse>(SwitchboardJson.Options))!;
        Assert.Equal(AnswerStatus.Answered, answer.Status);
        var traceId = answer.TraceId!;

        // Every service exports on its own schedule: wait until the question's spans from all four are in. Each service is
        // named as the AppHost names its resource (Aspire sets OTEL_SERVICE_NAME); the agent's name on its spans stays its own.
        var services = new[] { "gateway", AgentNames.Compliance, AgentNames.Router, AgentNames.Retrieval };
        var spans = await Eventually.MatchAsync(
            async () => (await stack.Receiver.SpansAsync()).Where(s => s.TraceId == traceId).ToList(),
            found => services.All(service => found.Any(s => s.Service == service && s.Attributes.GetValueOrDefault("http.route") is "/answer" or "/route" or "/screen" or "/review" or "/v1/ask")),
            $"the spans of trace {traceId} from {string.Join(", ", services)}", 60);
        output.WriteLine($"{spans.Count} spans in trace {traceId}: {string.Join(", ", spans.Select(s => $"{s.Service}:{s.Name}"))}");

        // What the fake Langfuse saw: only its route, with Basic auth from the keys, protobuf and ingestion version 4.
        Assert.NotEmpty(stack.Exports);
        Assert.All(stack.Exports, e =>
        {
            Assert.Equal("/api/public/otel/v1/traces", e.Path);
            Assert.Equal(HttpStatusCode.OK, e.Forwarded);
            Assert.Equal("application/x-protobuf", e.ContentType);
            Assert.Equal("4", e.IngestionVersion);
        });

        // Session and user on every span of the question, in every service; both pseudonyms.
        var sessions = spans.Select(s => s.Attributes.GetValueOrDefault("langfuse.session.id")).Distinct().ToList();
        var session = Assert.Single(sessions);
        Assert.NotNull(session);
        Assert.StartsWith("s_", session);
        Assert.All(spans, s => Assert.Equal("anonymous", s.Attributes.GetValueOrDefault("langfuse.user.id")));
        Assert.All(spans, s => Assert.Equal("e2e", s.Attributes.GetValueOrDefault("langfuse.environment")));

        var root = Assert.Single(spans, s => s.ParentSpanId is null or "" && s.Service == "gateway");
        Assert.Equal("POST /v1/ask", root.Attributes.GetValueOrDefault("langfuse.trace.name"));

        foreach (var (service, route, name) in new[]
                 {
                     (AgentNames.Retrieval, "/answer", "RetrievalAgent"), (AgentNames.Router, "/route", "RouterAgent"),
                     (AgentNames.Compliance, "/screen", "ComplianceAgent"), (AgentNames.Compliance, "/review", "ComplianceAgent"),
                 })
        {
            var agent = spans.First(s => s.Service == service && s.Attributes.GetValueOrDefault("http.route") == route);
            Assert.Equal("invoke_agent", agent.Attributes.GetValueOrDefault("gen_ai.operation.name"));
            Assert.Equal(name, agent.Attributes.GetValueOrDefault("gen_ai.agent.name"));
            Assert.Equal("agent", agent.Attributes.GetValueOrDefault("langfuse.observation.type"));
        }

        // Nothing secret or personal in any attribute of any span received: not the keys, the question or the session id.
        var everything = await stack.Receiver.SpansAsync();
        foreach (var span in everything)
        {
            foreach (var (key, value) in span.Attributes)
            {
                Assert.False(value.Contains(TracedStack.SecretKey, StringComparison.Ordinal), $"{span.Service} {span.Name} {key} holds the secret key");
                Assert.False(value.Contains(TracedStack.PublicKey, StringComparison.Ordinal), $"{span.Service} {span.Name} {key} holds the public key");
                Assert.False(value.Contains(sessionId, StringComparison.Ordinal), $"{span.Service} {span.Name} {key} holds the raw session id");
                Assert.False(value.Contains(question, StringComparison.OrdinalIgnoreCase), $"{span.Service} {span.Name} {key} holds the question text");
            }
        }
    }
}
