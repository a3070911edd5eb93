using System.Threading.RateLimiting;
using Dapper;
using IopFinder.Web.Data;

namespace IopFinder.Web.Infrastructure;

/// <summary>
/// A fixed-window rate limiter whose counts live in the shared database, so several site processes
/// behind one load balancer make one decision per visitor: five reports in ten minutes means five in
/// all, whichever instances took them. A key's window begins at its first request, not on a clock
/// boundary, so requests either side of a minute's turn still count together. Used on PostgreSQL; one SQLite site keeps the framework's
/// in-memory limiter. Each attempt is one upsert that counts and answers in the same statement, so two
/// instances counting at once never both see room for the last permit.
/// </summary>
public sealed class DatabaseWindowLimiter(Db db, string key, int permits, TimeSpan window, TimeProvider clock, ILogger logger) : RateLimiter
{
    private long _lastUsedTicks = clock.GetUtcNow().UtcTicks;

    /// <summary>Counts older than this are removed as new windows begin.</summary>
    private static readonly TimeSpan KeepFor = TimeSpan.FromDays(1);

    public override TimeSpan? IdleDuration => TimeSpan.FromTicks(clock.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastUsedTicks));

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        var now = clock.GetUtcNow();
        Interlocked.Exchange(ref _lastUsedTicks, now.UtcTicks);
        var nowMs = now.ToUnixTimeMilliseconds();
        var windowMs = (long)window.TotalMilliseconds;
        long hits;
        long start;
        try
        {
            using var connection = db.Open();
            (hits, start) = connection.QuerySingle<(long, long)>(
                """
                INSERT INTO rate_limit_windows AS w (key, window_start, hits) VALUES (@key, @nowMs, @permitCount)
                ON CONFLICT (key) DO UPDATE SET
                    window_start = CASE WHEN w.window_start + @windowMs <= @nowMs THEN @nowMs ELSE w.window_start END,
                    hits = CASE WHEN w.window_start + @windowMs <= @nowMs THEN @permitCount ELSE w.hits + @permitCount END
                RETURNING hits, window_start
                """, new { key, nowMs, windowMs, permitCount });
            if (start == nowMs && hits == permitCount)
            {
                // A window that begins now clears out the keys nobody has used for a long time.
                connection.Execute("DELETE FROM rate_limit_windows WHERE window_start < @before", new { before = nowMs - (long)KeepFor.TotalMilliseconds });
            }
        }
        catch (System.Data.Common.DbException exception)
        {
            // Without its counts the limiter lets the request through: someone looking for help must not
            // be turned away because a counter could not be read. The failure is logged for the operator.
            logger.LogWarning(exception, "Rate limit counts unavailable; allowing {Key}", key);
            return new Lease(true, null);
        }

        return hits <= permits ? new Lease(true, null) : new Lease(false, TimeSpan.FromMilliseconds(start + windowMs - nowMs));
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
