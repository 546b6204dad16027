using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Workflows.Clients;
using Switchboard.Workflows.Engine;

namespace Switchboard.Workflows.Dags.Retention;

/// <summary><c>Workflows:Retention</c>: the ages past which stored data is purged.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Workflows:Retention";

    /// <summary>Stored answers (<c>GET /v1/ask/{id}</c>) older than this are deleted.</summary>
    public TimeSpan Answers { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Conversations idle longer than this are deleted.</summary>
    public TimeSpan Sessions { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The TTL the Gateway gives a stored answer (<c>Gateway:AnswerTtl</c>): an answer's age is this minus its remaining TTL.</summary>
    public TimeSpan GatewayAnswerTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The TTL the Gateway gives a conversation at each turn (<c>Gateway:Sessions:Ttl</c>).</summary>
    public TimeSpan GatewaySessionTtl { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// (d) Retention: purges what is older than its configured age and reports the counts. The ledger is trimmed by the
/// ReportingAgent's own <c>LedgerRetentionService</c> (<c>POST /ledger/retention</c>, age <c>Reporting:LedgerRetention</c>);
/// answers and sessions by their age (the Gateway's keys <c>sb:answer:*</c>, <c>sb:session:*</c>, whose TTL already
/// bounds them: a shorter configured age purges earlier); the audit log is append-only by its own rule and is never
/// purged here.
/// </summary>
public sealed class RetentionDag(ReportingApi reporting, IConnectionMultiplexer redis, IOptionsMonitor<RetentionOptions> options) : IWorkflowDag
{
    public const string DagName = "retention";

    public string Name => DagName;

    public string Description => "Purges ledger entries, stored answers and sessions older than their configured ages; the audit log keeps its own rule.";

    public IReadOnlyList<WorkflowStep> Steps =>
    [
        WorkflowStep.Create("ledger", LedgerAsync),
        WorkflowStep.Create("answers", (c, t) => PurgeByAgeAsync("sb:answer:*", options.CurrentValue.Answers, options.CurrentValue.GatewayAnswerTtl, "answers")),
        WorkflowStep.Create("sessions", (c, t) => PurgeByAgeAsync("sb:session:*", options.CurrentValue.Sessions, options.CurrentValue.GatewaySessionTtl, "sessions")),
        WorkflowStep.Create("audit", AuditAsync),
        WorkflowStep.Create("report", ReportAsync, "ledger", "answers", "sessions", "audit"),
    ];

    private async Task<StepResult> LedgerAsync(StepContext context, CancellationToken cancellationToken)
    {
        var result = await reporting.TrimLedgerAsync(cancellationToken);
        return new StepResult($"{result.Removed} ledger entries older than {result.Cutoff:O} removed (Reporting:LedgerRetention {result.Retention})",
            new PurgeCount("ledger", result.Removed, result.Retention));
    }

    private async Task<StepResult> PurgeByAgeAsync(string pattern, TimeSpan maxAge, TimeSpan ttl, string what)
    {
        if (maxAge >= ttl)
        {
            return new StepResult($"0 {what} purged: their TTL ({ttl}) already removes them before {maxAge}", new PurgeCount(what, 0, maxAge));
        }

        var db = redis.GetDatabase();
        long removed = 0;
        foreach (var server in redis.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(db.Database, pattern, pageSize: 500))
            {
                // Age = the TTL the Gateway gave the key minus what is left of it (answers: since stored; sessions: since the last turn).
                if (await db.KeyTimeToLiveAsync(key) is { } left && ttl - left > maxAge && await db.KeyDeleteAsync(key))
                {
                    removed++;
                }
            }
        }

        return new StepResult($"{removed} {what} older than {maxAge} purged", new PurgeCount(what, removed, maxAge));
    }

    private static Task<StepResult> AuditAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new StepResult(
            "0 audit entries purged: the audit log is append-only (ComplianceAgent/Audit), its own rule wins",
            new PurgeCount("audit", 0, null)));

    private static Task<StepResult> ReportAsync(StepContext context, CancellationToken cancellationToken)
    {
        var counts = new[] { "ledger", "answers", "sessions", "audit" }.Select(context.Output<PurgeCount>).ToList();
        return Task.FromResult(new StepResult(string.Join(", ", counts.Select(c => $"{c.What} {c.Removed}")), counts));
    }

    public sealed record PurgeCount(string What, long Removed, TimeSpan? MaxAge);
}
