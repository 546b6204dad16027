using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// Keeps a stream to what its consumer groups still need: every <see cref="MessagingOptions.TrimInterval"/> it removes
/// (XTRIM MINID ~) the entries older than the oldest one any group has pending or not yet been given. Nothing a group
/// has still to handle is trimmed, however long it is down; <see cref="MessagingOptions.MaxStreamLength"/> is the cap
/// beyond that. A group that has never read (last delivered 0-0) holds everything. Several processes may trim the same
/// stream: each trim only ever raises the floor it computed from the groups' state at that moment.
/// </summary>
public sealed partial class AcknowledgedStreamTrimmer(
    string stream,
    IConnectionMultiplexer redis,
    IOptions<MessagingOptions> options,
    ILogger<AcknowledgedStreamTrimmer> logger) : BackgroundService
{
    private static readonly Counter<long> Trimmed = SwitchboardTelemetry.Meter.CreateCounter<long>(
        "switchboard.stream.entries_trimmed", "{entry}", "Stream entries removed after every consumer group had handled them");

    /// <summary>The stream this trimmer keeps.</summary>
    public string Stream => stream;

    /// <summary>One trim; returns how many entries Redis removed (0 while any group still needs the oldest one).</summary>
    public async Task<long> TrimOnceAsync()
    {
        var db = redis.GetDatabase();
        if (!await db.KeyExistsAsync(stream))
        {
            return 0;
        }

        var groups = await db.StreamGroupInfoAsync(stream);
        if (groups.Length == 0)
        {
            return 0;
        }

        StreamPosition? floor = null;
        foreach (var group in groups)
        {
            var needed = StreamPosition.Parse(group.LastDeliveredId);
            if (group.PendingMessageCount > 0)
            {
                // The entries may have been acknowledged since XINFO GROUPS: then there is no lowest pending id (empty).
                var pending = await db.StreamPendingAsync(stream, group.Name);
                if (pending.PendingMessageCount > 0 && !pending.LowestPendingMessageId.IsNullOrEmpty)
                {
                    needed = StreamPosition.Min(needed, StreamPosition.Parse(pending.LowestPendingMessageId));
                }
            }

            floor = floor is { } current ? StreamPosition.Min(current, needed) : needed;
        }

        if (floor is not { } minId || minId.IsZero)
        {
            return 0;
        }

        var removed = (long)await db.ExecuteAsync("XTRIM", stream, "MINID", "~", minId.ToString());
        if (removed > 0)
        {
            Trimmed.Add(removed, new KeyValuePair<string, object?>("stream", stream));
        }

        return removed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TrimInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await TrimOnceAsync();
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                // Redis away: trimming later loses nothing.
                LogTrimFailed(stream, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trimming {Stream} failed; trying again at the next interval")]
    private partial void LogTrimFailed(string stream, Exception exception);

    /// <summary>A stream entry id <c>ms-seq</c>, ordered as Redis orders them.</summary>
    private readonly record struct StreamPosition(ulong Milliseconds, ulong Sequence)
    {
        public bool IsZero => Milliseconds == 0 && Sequence == 0;

        public static StreamPosition Parse(RedisValue id)
        {
            var text = id.ToString();
            var dash = text.IndexOf('-');
            return dash < 0
                ? new StreamPosition(ulong.Parse(text, System.Globalization.CultureInfo.InvariantCulture), 0)
                : new StreamPosition(
                    ulong.Parse(text.AsSpan(0, dash), System.Globalization.CultureInfo.InvariantCulture),
                    ulong.Parse(text.AsSpan(dash + 1), System.Globalization.CultureInfo.InvariantCulture));
        }

        public static StreamPosition Min(StreamPosition a, StreamPosition b) =>
            a.Milliseconds < b.Milliseconds || (a.Milliseconds == b.Milliseconds && a.Sequence <= b.Sequence) ? a : b;

        public override string ToString() => $"{Milliseconds}-{Sequence}";
    }
}
