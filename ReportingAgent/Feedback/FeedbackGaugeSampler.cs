using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Switchboard.AgentCore;
using Switchboard.AgentCore.Contracts;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Feedback;

/// <summary>
/// The SOP's user-feedback figure as gauges, read from the feedback ledger every
/// <see cref="ReportingOptions.FeedbackSampleInterval"/> (so a scrape never waits on Redis), over the last 24 hours:
/// <c>switchboard_feedback_votes{verdict}</c> and <c>switchboard_feedback_satisfaction</c> (5 × up ÷ votes), the latter only
/// once the window holds <see cref="ReportingOptions.FeedbackMinVotes"/> votes, so one early thumbs-down cannot page anyone.
/// Every replica reads the same ledger and reports the same figures: aggregate with <c>max</c>.
/// </summary>
public sealed partial class FeedbackGaugeSampler(
    FeedbackStore store,
    IOptions<ReportingOptions> options,
    TimeProvider clock,
    ILogger<FeedbackGaugeSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private static SatisfactionFigures? _last;
    private static int _minVotes = 1;

    static FeedbackGaugeSampler()
    {
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.feedback.votes", ObserveVotes, "{vote}",
            "Verdicts on answers given in the last 24 hours (the latest per answer), by verdict");
        SwitchboardTelemetry.Meter.CreateObservableGauge("switchboard.feedback.satisfaction", ObserveSatisfaction, "{score}",
            "User satisfaction over the last 24 hours on the SOP's 0-5 scale: 5 x thumbs-up / votes (absent below the minimum votes)");
    }

    /// <summary>Reads the window once and publishes it to the gauges; returns what it read.</summary>
    public async Task<SatisfactionFigures> SampleOnceAsync()
    {
        var now = clock.GetUtcNow();
        var figures = SatisfactionFigures.Of(await store.ReadAsync(new TimeRange(now - Window, now)));
        _minVotes = options.Value.FeedbackMinVotes;
        _last = figures;
        return figures;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.FeedbackSampleInterval, clock);
        do
        {
            try
            {
                await SampleOnceAsync();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSampleFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static IEnumerable<Measurement<long>> ObserveVotes()
    {
        if (_last is { } figures)
        {
            yield return new Measurement<long>(figures.Up, new KeyValuePair<string, object?>("verdict", FeedbackVerdicts.Up));
            yield return new Measurement<long>(figures.Down, new KeyValuePair<string, object?>("verdict", FeedbackVerdicts.Down));
        }
    }

    private static IEnumerable<Measurement<double>> ObserveSatisfaction()
    {
        if (_last is { Score: { } score } figures && figures.Votes >= _minVotes)
        {
            yield return new Measurement<double>(score);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the feedback ledger for the satisfaction gauges failed; trying again at the next interval")]
    private partial void LogSampleFailed(Exception exception);
}
