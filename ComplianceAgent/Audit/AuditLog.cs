using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.ComplianceAgent.Screening.Pii;

namespace Switchboard.ComplianceAgent.Audit;

/// <summary>
/// The append-only audit log: one stream entry per interaction, written at most once per event id. The check and
/// the append run in one Lua script, so two consumers handling the same redelivered event cannot both append.
/// </summary>
public sealed class AuditLog(IConnectionMultiplexer redis, PiiScanner piiScanner, IOptions<AuditOptions> options)
{
    // KEYS[1] seen marker, KEYS[2] audit stream; ARGV[1] marker TTL in seconds, ARGV[2..] the entry's field/value pairs.
    // SET NX claims the event id; only the claimant appends. If XADD fails (wrong key type), the claim is released so
    // a retry can succeed: a script is atomic but not transactional. The marker then records the entry id.
    private const string AppendOnceScript =
        """
        if not redis.call('SET', KEYS[1], '', 'NX', 'EX', ARGV[1]) then
          return false
        end
        local id = redis.pcall('XADD', KEYS[2], '*', unpack(ARGV, 2))
        if type(id) == 'table' and id.err then
          redis.call('DEL', KEYS[1])
          return id
        end
        redis.call('SET', KEYS[1], id, 'KEEPTTL')
        return id
        """;

    private static readonly Counter<long> Appends = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.compliance.audit.entries", "{entry}", "Audit log appends, by outcome (appended or duplicate)");

    public static string SeenKey(string eventId) => $"sb:audit:seen:{eventId}";

    /// <returns>The new audit entry id, or null when this event id was already audited.</returns>
    public Task<string?> AppendAsync(InteractionRecorded interaction) => AppendOnceAsync(interaction.Id, ToFields(interaction));

    /// <summary>
    /// One step of an approval (held, approved, edited, rejected, expired) with who decided, when and why; at most once
    /// per event id like every entry.
    /// </summary>
    /// <returns>The new audit entry id, or null when this event id was already audited.</returns>
    public Task<string?> AppendAsync(ApprovalRecorded approval) => AppendOnceAsync(approval.Id, ToFields(approval));

    private async Task<string?> AppendOnceAsync(string eventId, NameValueEntry[] fields)
    {
        var settings = options.Value;
        var args = new RedisValue[1 + fields.Length * 2];
        args[0] = (long)settings.SeenMarkerTtl.TotalSeconds;
        for (var i = 0; i < fields.Length; i++)
        {
            args[1 + i * 2] = fields[i].Name;
            args[2 + i * 2] = fields[i].Value;
        }

        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            AppendOnceScript, [SeenKey(eventId), settings.Stream], args);

        var entryId = result.IsNull ? null : result.ToString();
        Appends.Add(1, new KeyValuePair<string, object?>("outcome", entryId is null ? "duplicate" : "appended"));
        return entryId;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadNewestAsync(int count)
    {
        var entries = await redis.GetDatabase().StreamRangeAsync(
            options.Value.Stream, "-", "+", count, Order.Descending);
        return entries.Select(FromEntry).ToList();
    }

    private NameValueEntry[] ToFields(InteractionRecorded interaction)
    {
        // The Gateway screens questions before publishing them; redacting again costs little and keeps PII out of a
        // log that is never trimmed, should an upstream policy have let some through.
        var question = PiiScanner.Redact(interaction.Question ?? string.Empty, piiScanner.Scan(interaction.Question ?? string.Empty));
        return
        [
            new(Field.EventId, interaction.Id),
            new(Field.AnswerId, interaction.AnswerId ?? string.Empty),
            new(Field.OccurredAt, interaction.OccurredAt.ToString("O", CultureInfo.InvariantCulture)),
            new(Field.Status, interaction.Status ?? string.Empty),
            new(Field.Intent, interaction.Intent ?? string.Empty),
            new(Field.ReviewVerdict, interaction.ReviewVerdict ?? string.Empty),
            new(Field.ScreenFindings, string.Join(',', interaction.ScreenFindings ?? [])),
            new(Field.TraceId, interaction.TraceId ?? string.Empty),
            new(Field.Question, question),
            new(Field.SourceFindings, string.Join(',', interaction.SourceFindings ?? [])),
        ];
    }

    private NameValueEntry[] ToFields(ApprovalRecorded approval)
    {
        var item = approval.Item;
        var question = PiiScanner.Redact(item.Question ?? string.Empty, piiScanner.Scan(item.Question ?? string.Empty));
        var reason = item.Reason ?? string.Empty;
        return
        [
            new(Field.EventId, approval.Id),
            new(Field.AnswerId, item.Id),
            new(Field.OccurredAt, (item.DecidedAt ?? approval.OccurredAt).ToString("O", CultureInfo.InvariantCulture)),
            new(Field.Status, ApprovalStatusPrefix + approval.Kind),
            new(Field.Intent, item.Intent ?? string.Empty),
            new(Field.ReviewVerdict, item.ReviewVerdict ?? string.Empty),
            new(Field.ScreenFindings, string.Empty),
            new(Field.TraceId, item.TraceId ?? string.Empty),
            new(Field.Question, question),
            new(Field.Actor, item.DecidedBy ?? string.Empty),
            new(Field.Reason, PiiScanner.Redact(reason, piiScanner.Scan(reason))),
            new(Field.RiskLevel, item.Risk?.Level ?? string.Empty),
            new(Field.Triggers, string.Join(',', item.Triggers ?? [])),
        ];
    }

    /// <summary>The status of an approval step in the audit log: <c>approval_requested</c>, <c>approval_approved</c>, ...</summary>
    public const string ApprovalStatusPrefix = "approval_";

    private static AuditEntry FromEntry(StreamEntry entry)
    {
        var id = entry.Id.ToString();
        var milliseconds = long.Parse(id[..id.IndexOf('-')], CultureInfo.InvariantCulture);
        return new AuditEntry(
            id,
            DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
            (string?)entry[Field.EventId] ?? string.Empty,
            (string?)entry[Field.AnswerId] ?? string.Empty,
            DateTimeOffset.TryParse((string?)entry[Field.OccurredAt], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : default,
            (string?)entry[Field.Status] ?? string.Empty,
            NullIfEmpty(entry[Field.Intent]),
            NullIfEmpty(entry[Field.ReviewVerdict]),
            ((string?)entry[Field.ScreenFindings] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            NullIfEmpty(entry[Field.TraceId]),
            (string?)entry[Field.Question] ?? string.Empty)
        {
            Actor = NullIfEmpty(entry[Field.Actor]),
            Reason = NullIfEmpty(entry[Field.Reason]),
            RiskLevel = NullIfEmpty(entry[Field.RiskLevel]),
            Triggers = ((string?)entry[Field.Triggers] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
            SourceFindings = ((string?)entry[Field.SourceFindings] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : (string?)value;

    /// <summary>The audit stream's field names (snake_case, like the event stream's).</summary>
    private static class Field
    {
        public const string EventId = "event_id";
        public const string AnswerId = "answer_id";
        public const string OccurredAt = "occurred_at";
        public const string Status = "status";
        public const string Intent = "intent";
        public const string ReviewVerdict = "review_verdict";
        public const string ScreenFindings = "screen_findings";
        public const string SourceFindings = "source_findings";
        public const string TraceId = "trace_id";
        public const string Question = "question";
        public const string Actor = "actor";
        public const string Reason = "reason";
        public const string RiskLevel = "risk_level";
        public const string Triggers = "triggers";
    }
}
