using System.Diagnostics.Metrics;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.AgentCore;

namespace Switchboard.Workflows.Dags.Evaluation;

/// <summary>
/// The last nightly evaluation's figures as gauges (label <c>set</c>): hit@3, correctness, refusal and hallucination,
/// the measured values behind the SOP's rollback triggers. The last score is kept in Redis
/// (<c>sb:wf:evaluation:last</c>), so every replica reports it, also after a restart.
/// </summary>
public sealed class EvaluationMetrics
{
    public const string LastScoreKey = "sb:wf:evaluation:last";

    private readonly IConnectionMultiplexer _redis;
    private EvaluationScore? _last;
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public EvaluationMetrics(IConnectionMultiplexer redis)
    {
        _redis = redis;
        var meter = SwitchboardTelemetry.Meter;
        meter.CreateObservableGauge("switchboard.evaluation.hit_at_3_ratio", () => Observe(s => s.HitAt3), "1",
            "Share of labelled questions whose gold document is in the top 3 search hits (last nightly evaluation)");
        meter.CreateObservableGauge("switchboard.evaluation.correct_ratio", () => Observe(s => s.Correctness), "1",
            "Share of in-scope questions answered correctly (last nightly evaluation)");
        meter.CreateObservableGauge("switchboard.evaluation.refusal_ratio", () => Observe(s => s.Refusal), "1",
            "Share of out-of-scope questions refused or not found (last nightly evaluation)");
        meter.CreateObservableGauge("switchboard.evaluation.hallucination_ratio", () => Observe(s => s.Hallucination), "1",
            "Share of out-of-scope questions answered anyway (last nightly evaluation)");
        meter.CreateObservableGauge("switchboard.evaluation.finished_at", () => Observe(s => s.EvaluatedAt.ToUnixTimeSeconds()), "s",
            "When the last nightly evaluation finished (Unix time)");
    }

    public async Task PublishAsync(EvaluationScore score)
    {
        await _redis.GetDatabase().StringSetAsync(LastScoreKey, JsonSerializer.Serialize(score, SwitchboardJson.Options));
        _last = score;
        _loadedAt = DateTimeOffset.UtcNow;
    }

    private IEnumerable<Measurement<double>> Observe(Func<EvaluationScore, double?> value)
    {
        var score = Current();
        if (score is not null && value(score) is { } v)
        {
            yield return new Measurement<double>(v, new KeyValuePair<string, object?>("set", score.Set));
        }
    }

    /// <summary>The last score, read from Redis at most every 30 s (another replica may have run the evaluation).</summary>
    private EvaluationScore? Current()
    {
        if (DateTimeOffset.UtcNow - _loadedAt > TimeSpan.FromSeconds(30))
        {
            _loadedAt = DateTimeOffset.UtcNow;
            try
            {
                var json = _redis.GetDatabase().StringGet(LastScoreKey);
                if (!json.IsNullOrEmpty)
                {
                    _last = JsonSerializer.Deserialize<EvaluationScore>(json.ToString(), SwitchboardJson.Options);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Keep the last known figures; the next scrape tries again.
            }
        }

        return _last;
    }
}
