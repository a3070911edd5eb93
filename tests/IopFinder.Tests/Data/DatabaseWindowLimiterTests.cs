using System.Threading.RateLimiting;
using IopFinder.Tests.Portal;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace IopFinder.Tests.Data;

/// <summary>
/// The rate limits several instances share on PostgreSQL: a visitor gets the same number of tries
/// whenever they start and whichever instance counts them.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class DatabaseWindowLimiterTests : IDisposable
{
    private readonly string _database = Postgres.CreateDatabase();
    private readonly Db _db;

    public DatabaseWindowLimiterTests()
    {
        _db = Db.Parse("postgres:" + _database);
        new Migrator(_db, NullLogger<Migrator>.Instance).Migrate();
    }

    public void Dispose()
    {
        _db.Dispose();
        Postgres.DropDatabase(_database);
    }

    private DatabaseWindowLimiter Limiter(TimeProvider clock, string key = "report|127.0.0.1") =>
        new(_db, key, permits: 3, TimeSpan.FromMinutes(1), clock, NullLogger<DatabaseWindowLimiter>.Instance);

    [Fact]
    public void Tries_either_side_of_a_clock_minute_count_in_one_window_that_begins_at_the_first()
    {
        var clock = new MovableClock(new DateTimeOffset(2026, 11, 23, 10, 0, 59, 500, TimeSpan.Zero));
        var limiter = Limiter(clock);

        var first = limiter.AttemptAcquire().IsAcquired;
        clock.Advance(TimeSpan.FromSeconds(1));
        var acrossTheMinute = Enumerable.Range(0, 3).Select(_ => limiter.AttemptAcquire()).ToList();
        clock.Advance(TimeSpan.FromSeconds(58.5));
        var justBeforeTheWindowEnds = limiter.AttemptAcquire().IsAcquired;
        clock.Advance(TimeSpan.FromSeconds(0.5));
        var whenItEnds = limiter.AttemptAcquire().IsAcquired;

        Assert.True(first);
        Assert.Equal([true, true, false], acrossTheMinute.Select(lease => lease.IsAcquired));
        Assert.True(acrossTheMinute[2].TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(59), retryAfter);
        Assert.False(justBeforeTheWindowEnds);
        Assert.True(whenItEnds);
    }

    [Fact]
    public void Two_instances_share_one_count_and_other_visitors_keep_their_own()
    {
        var clock = new MovableClock();
        var onFirstInstance = Limiter(clock);
        using var secondDb = Db.Parse("postgres:" + _database);
        var onSecondInstance = new DatabaseWindowLimiter(secondDb, "report|127.0.0.1", 3, TimeSpan.FromMinutes(1), clock, NullLogger<DatabaseWindowLimiter>.Instance);

        var tries = new[] { onFirstInstance, onSecondInstance, onFirstInstance, onSecondInstance }.Select(limiter => limiter.AttemptAcquire().IsAcquired).ToList();
        var someoneElse = Limiter(clock, "report|127.0.0.2").AttemptAcquire().IsAcquired;

        Assert.Equal([true, true, true, false], tries);
        Assert.True(someoneElse);
    }

    [Fact]
    public async Task Parallel_tries_on_a_shared_key_admit_exactly_the_permits()
    {
        var clock = new MovableClock();
        var limiter = Limiter(clock, "parallel");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => limiter.AttemptAcquire().IsAcquired)));

        Assert.Equal(3, results.Count(admitted => admitted));
    }
}
