using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Switchboard.Gateway.RateLimiting;

/// <summary>
/// One token bucket per group and kind of request, shared by all the group's members: a request takes a token from the
/// bucket of every group its caller is in, and is refused if any of them is empty (its Retry-After is that bucket's).
/// </summary>
internal sealed class GroupRateLimiter(Func<HttpContext, (string Policy, IReadOnlyList<string> Groups, TokenBucket? Bucket)> select)
    : PartitionedRateLimiter<HttpContext>
{
    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _buckets = new(StringComparer.Ordinal);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var (policy, groups, bucket) = select(resource);
        if (bucket is null || groups.Count == 0)
        {
            return Granted.Instance;
        }

        var leases = new List<RateLimitLease>(groups.Count);
        foreach (var group in groups)
        {
            var limiter = _buckets.GetOrAdd($"{policy}\n{group}", _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = bucket.TokenLimit,
                TokensPerPeriod = bucket.TokensPerPeriod,
                ReplenishmentPeriod = bucket.ReplenishmentPeriod,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            var lease = limiter.AttemptAcquire(permitCount);
            if (!lease.IsAcquired)
            {
                foreach (var taken in leases)
                {
                    taken.Dispose();
                }

                return lease;
            }

            leases.Add(lease);
        }

        return new Combined(leases);
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var limiter in _buckets.Values)
            {
                limiter.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Combined(List<RateLimitLease> leases) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var lease in leases)
                {
                    lease.Dispose();
                }
            }

            base.Dispose(disposing);
        }
    }
}
