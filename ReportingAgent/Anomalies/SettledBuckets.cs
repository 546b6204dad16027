using Switchboard.ReportingAgent.Ledger;
using Switchboard.ReportingAgent.Reports;

namespace Switchboard.ReportingAgent.Anomalies;

/// <summary>
/// The series values of ledger buckets that can no longer change, kept between samples, so the anomaly sampler reads
/// only the entries of buckets it has not summarised yet (the last minutes) instead of the whole window every minute:
/// 49 hours of a ledger at 100 questions a second are 17 million entries, and reading them each minute grew the
/// ReportingAgent's memory and Redis's work with traffic.
/// </summary>
/// <remarks>
/// A bucket is summarised once it ended <see cref="SettleDelay"/> ago: ledger entries arrive from the interaction stream a
/// moment after they occurred. An entry that arrives later still (the ReportingAgent was down for longer) is counted by
/// <c>GET /reports/anomalies</c>, which reads the ledger itself, but not by this replica's gauge until it restarts.
/// </remarks>
public sealed class SettledBuckets(
    TimeSpan step,
    Func<IEnumerable<LedgerEntry>, DateTimeOffset, DateTimeOffset, IReadOnlyDictionary<string, double?[]>> build)
{
    /// <summary>How long after its end a bucket is taken as complete.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMinutes(2);

    private readonly Dictionary<DateTimeOffset, IReadOnlyDictionary<string, double?>> _settled = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Every series over the buckets from <paramref name="first"/> to before <paramref name="end"/>.</summary>
    public async Task<IReadOnlyDictionary<string, double?[]>> SeriesAsync(
        DateTimeOffset first, DateTimeOffset end, DateTimeOffset now, Func<TimeRange, Task<IReadOnlyList<LedgerEntry>>> read)
    {
        var count = (int)((end - first).Ticks / step.Ticks);
        await _gate.WaitAsync();
        try
        {
            foreach (var old in _settled.Keys.Where(k => k < first).ToList())
            {
                _settled.Remove(old);
            }

            var buckets = new IReadOnlyDictionary<string, double?>[count];
            for (var i = 0; i < count; i++)
            {
                var start = first + (step * i);
                if (!_settled.TryGetValue(start, out var values))
                {
                    // One bucket at a time: a first sample after a start reads the window in bucket-sized pieces.
                    values = Single(build(await read(new TimeRange(start, start + step)), start, start + step));
                    if (start + step + SettleDelay <= now)
                    {
                        _settled[start] = values;
                    }
                }

                buckets[i] = values;
            }

            return buckets.Length == 0
                ? build([], first, end)
                : buckets[0].Keys.ToDictionary(name => name, name => buckets.Select(b => b[name]).ToArray());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Test hook: how many buckets are held.</summary>
    public int SettledCount => _settled.Count;

    private static IReadOnlyDictionary<string, double?> Single(IReadOnlyDictionary<string, double?[]> series) =>
        series.ToDictionary(s => s.Key, s => s.Value[0]);
}
