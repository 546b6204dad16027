using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.AgentCore.Contracts;

namespace Switchboard.AgentCore.Messaging;

/// <summary>
/// The backlog of every stream this process consumes, as gauges: the stream's length, its consumer group's lag (entries
/// not yet delivered to the group) and pending entries (delivered, not acknowledged), and the length of its dead-letter
/// stream. Sampled from Redis in the background (<see cref="MessagingOptions.BacklogSampleInterval"/>) so a scrape never
/// waits on Redis. Every replica of a consumer reports the same figures: aggregate them with <c>max</c>, not <c>sum</c>.
/// </summary>
internal static class StreamBacklog
{
    private static readonly ConcurrentDictionary<(string Stream, string Group), Sample> Samples = new();

    static StreamBacklog()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge(
            "switchboard.stream.length", () => Observe(s => s.Length, withGroup: false), "{entry}", "Entries in the stream (XLEN)");
        SwitchboardTelemetry.Meter.CreateObservableGauge(
            "switchboard.stream.consumer_lag", () => Observe(s => s.Lag, withGroup: true), "{entry}", "Entries the consumer group has not read yet (XINFO GROUPS lag)");
        SwitchboardTelemetry.Meter.CreateObservableGauge(
            "switchboard.stream.pending", () => Observe(s => s.Pending, withGroup: true), "{entry}", "Entries delivered to the group and not acknowledged (XPENDING count)");
        SwitchboardTelemetry.Meter.CreateObservableGauge(
            "switchboard.stream.dead_letters", () => Observe(s => s.DeadLetters, withGroup: false), "{entry}", "Entries in the stream's dead-letter stream (<stream>:dlq)");
    }

    public static void Record(string stream, string group, Sample sample) => Samples[(stream, group)] = sample;

    private static IEnumerable<Measurement<long>> Observe(Func<Sample, long> value, bool withGroup)
    {
        foreach (var ((stream, group), sample) in Samples)
        {
            yield return withGroup
                ? new Measurement<long>(value(sample), new KeyValuePair<string, object?>("stream", stream), new KeyValuePair<string, object?>("group", group))
                : new Measurement<long>(value(sample), new KeyValuePair<string, object?>("stream", stream));
        }
    }

    public readonly record struct Sample(long Length, long Lag, long Pending, long DeadLetters);
}

/// <summary>Samples one consumer group's backlog into <see cref="StreamBacklog"/>.</summary>
internal sealed class StreamBacklogSampler(
    string stream, string group, IConnectionMultiplexer redis, IOptions<MessagingOptions> options, ILogger<StreamBacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BacklogSampleInterval);
        do
        {
            try
            {
                StreamBacklog.Record(stream, group, await SampleAsync());
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Gauges keep their last sample; the service-down and Redis health alerts say why. Sampling must never
                // stop the service (a BackgroundService that throws stops the host).
                logger.LogDebug(ex, "Sampling the backlog of {Stream}/{Group} failed", stream, group);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<StreamBacklog.Sample> SampleAsync()
    {
        var db = redis.GetDatabase();
        var length = db.StreamLengthAsync(stream);
        var deadLetters = db.StreamLengthAsync(Streams.DeadLetter(stream));
        StreamGroupInfo[] groups;
        try
        {
            groups = await db.StreamGroupInfoAsync(stream);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("ERR no such key", StringComparison.Ordinal))
        {
            groups = [];
        }

        var info = groups.FirstOrDefault(g => g.Name == group);
        return new StreamBacklog.Sample(await length, info.Lag ?? 0, info.PendingMessageCount, await deadLetters);
    }
}
