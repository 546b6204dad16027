using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;
using Switchboard.AgentCore.Messaging;
using Switchboard.ComplianceAgent.Audit;
using Switchboard.Tests.Support;

namespace Switchboard.ComplianceAgent.Tests.Audit;

public class AuditLogTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_interaction_published_twice_is_audited_once()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient(); // starts the host, and with it the interactions consumer
        var publisher = CreatePublisher();
        var interaction = Interaction("What is the refund policy for [EMAIL]?");

        var first = await publisher.PublishAsync(Streams.Interactions, interaction);
        var second = await publisher.PublishAsync(Streams.Interactions, interaction);
        Assert.NotEqual(first, second); // two stream entries, one event id

        await WaitUntilConsumedAsync(second);
        var entries = await ReadAuditAsync(client, count: 500);

        var entry = Assert.Single(entries, e => e.EventId == interaction.Id);
        Assert.Equal(interaction.AnswerId, entry.AnswerId);
        Assert.Equal(AnswerStatus.Answered, entry.Status);
        Assert.Equal(Intents.Documents, entry.Intent);
        Assert.Equal(ReviewVerdicts.Pass, entry.ReviewVerdict);
        Assert.Equal(["pii.email"], entry.ScreenFindings);
        Assert.Equal(interaction.TraceId, entry.TraceId);
        Assert.Equal(interaction.Question, entry.Question);
        Assert.Equal(interaction.OccurredAt, entry.OccurredAt);
    }

    [Fact]
    public async Task The_append_script_writes_once_per_event_id_even_when_raced()
    {
        await using var app = ComplianceApp.Create(redis);
        var auditLog = app.Services.GetRequiredService<AuditLog>();
        var interaction = Interaction("How many tickets were closed?");

        // The consumer's own processed marker is bypassed here: this is the second line of defence.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => auditLog.AppendAsync(interaction)));

        Assert.Single(results, id => id is not null);
        var db = redis.Connection.GetDatabase();
        var stored = await db.StreamRangeAsync("sb:audit", "-", "+");
        Assert.Single(stored, e => e["event_id"] == interaction.Id);
        Assert.Equal(results.Single(id => id is not null), (string?)await db.StringGetAsync(AuditLog.SeenKey(interaction.Id)));
        Assert.True(await db.KeyTimeToLiveAsync(AuditLog.SeenKey(interaction.Id)) > TimeSpan.Zero);
    }

    [Fact]
    public async Task Pii_that_reaches_the_audit_log_is_redacted_before_it_is_stored()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        var interaction = Interaction("Why was 4111 1111 1111 1111 charged?");

        await app.Services.GetRequiredService<AuditLog>().AppendAsync(interaction);

        var entry = Assert.Single(await ReadAuditAsync(client, count: 500), e => e.EventId == interaction.Id);
        Assert.Equal("Why was [CARD] charged?", entry.Question);
    }

    [Fact]
    public async Task Instruction_like_text_in_the_answers_sources_is_in_the_audit_entry()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        var interaction = Interaction("What does the handbook say about leave?") with
        {
            SourceFindings = ["[2] ignore_previous_instructions", "[3] not_screened_timeout"],
        };

        await app.Services.GetRequiredService<AuditLog>().AppendAsync(interaction);

        var entry = Assert.Single(await ReadAuditAsync(client, count: 500), e => e.EventId == interaction.Id);
        Assert.Equal(["[2] ignore_previous_instructions", "[3] not_screened_timeout"], entry.SourceFindings);
    }

    [Fact]
    public async Task Get_audit_returns_newest_first_and_honours_count()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();
        var auditLog = app.Services.GetRequiredService<AuditLog>();
        var interactions = Enumerable.Range(1, 3).Select(i => Interaction($"Question {i}")).ToList();
        foreach (var interaction in interactions)
        {
            await auditLog.AppendAsync(interaction);
        }

        var entries = await ReadAuditAsync(client, count: 2);

        Assert.Equal([interactions[2].Id, interactions[1].Id], entries.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_approval_decision_on_the_approvals_stream_is_audited_with_who_when_and_why()
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient(); // starts the approvals consumer too
        var decidedAt = DateTimeOffset.UtcNow.AddSeconds(-3);
        var item = new ApprovalItem(Guid.NewGuid().ToString("N"), "Should we buy? Mail me at a@example.com", "You should buy [1].", [],
            Intents.Documents, ReviewVerdicts.Pass, new RiskAssessment(RiskLevels.High, []), ["risk high"], decidedAt.AddMinutes(-5), decidedAt.AddHours(1))
        {
            Status = ApprovalStatus.Rejected,
            DecidedBy = "dana",
            DecidedAt = decidedAt,
            Reason = "advice; ask a@example.com",
            TraceId = "0af7651916cd43dd8448eb211c80319c",
        };
        var decision = new ApprovalRecorded(ApprovalStatus.Rejected, item);

        await CreatePublisher().PublishAsync(Streams.Approvals, decision);
        await CreatePublisher().PublishAsync(Streams.Approvals, decision);

        var entry = await Eventually.MatchAsync(
            async () => (await ReadAuditAsync(client, count: 500)).Where(e => e.EventId == decision.Id).ToList(),
            found => found.Count > 0, "the decision in the audit log", 20);
        var audited = Assert.Single(entry);
        Assert.Equal("approval_rejected", audited.Status);
        Assert.Equal(item.Id, audited.AnswerId);
        Assert.Equal("dana", audited.Actor);
        Assert.Equal(decidedAt, audited.OccurredAt);
        Assert.Equal("advice; ask [EMAIL]", audited.Reason);
        Assert.Equal("Should we buy? Mail me at [EMAIL]", audited.Question);
        Assert.Equal(RiskLevels.High, audited.RiskLevel);
        Assert.Equal(["risk high"], audited.Triggers);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("abc")]
    public async Task Out_of_range_count_is_a_400_naming_count(string count)
    {
        await using var app = ComplianceApp.Create(redis);
        using var client = app.CreateClient();

        var response = await client.GetAsync($"/audit?count={count}");

        await ProblemAssert.IsValidationProblemForAsync(response, "count");
    }

    private IEventPublisher CreatePublisher()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(redis.Connection);
        builder.AddEventPublisher();
        return builder.Build().Services.GetRequiredService<IEventPublisher>();
    }

    /// <summary>Waits until the compliance group has delivered <paramref name="entryId"/> and acknowledged everything.</summary>
    private async Task WaitUntilConsumedAsync(string entryId)
    {
        var db = redis.Connection.GetDatabase();
        var target = new StreamEntryId(entryId);
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var group = (await db.StreamGroupInfoAsync(Streams.Interactions))
                .SingleOrDefault(g => g.Name == AuditExtensions.ConsumerGroup);
            if (group.Name is not null && group.PendingMessageCount == 0
                && group.LastDeliveredId is { } last && new StreamEntryId(last).CompareTo(target) >= 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The compliance consumer did not process {entryId} in time.");
            await Task.Delay(50);
        }
    }

    private static async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(HttpClient client, int count)
    {
        var response = await client.GetAsync($"/audit?count={count}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<AuditLogPage>();
        Assert.NotNull(page);
        return page.Entries;
    }

    private static InteractionRecorded Interaction(string question) => new(
        AnswerId: Guid.NewGuid().ToString("N"),
        Question: question,
        Status: AnswerStatus.Answered,
        Intent: Intents.Documents,
        Confidence: 0.9,
        Agents: [AgentNames.Retrieval],
        ReviewVerdict: ReviewVerdicts.Pass,
        CitationCount: 2,
        LatencyMs: 123.4,
        Timings: new Dictionary<string, double> { ["retrieval"] = 80.0 },
        ScreenFindings: ["pii.email"],
        TraceId: "4bf92f3577b34da6a3ce929d0e0e4736");

    /// <summary>A Redis stream id ("ms-seq") ordered numerically.</summary>
    private readonly record struct StreamEntryId(long Milliseconds, long Sequence) : IComparable<StreamEntryId>
    {
        public StreamEntryId(string id)
            : this(long.Parse(id.Split('-')[0]), long.Parse(id.Split('-')[1]))
        {
        }

        public int CompareTo(StreamEntryId other) =>
            Milliseconds != other.Milliseconds ? Milliseconds.CompareTo(other.Milliseconds) : Sequence.CompareTo(other.Sequence);
    }
}
