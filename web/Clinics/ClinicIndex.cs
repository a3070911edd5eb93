using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Clinics;

public enum ClinicSort
{
    Distance,
    Name,

    /// <summary>Soonest possible start first (current openings only), then by distance or name.</summary>
    Soonest,
}

/// <summary>A directory search: where, how far, which codes (any of within a set, all of across sets).</summary>
public sealed record ClinicQuery
{
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }

    /// <summary>Miles from the point; null means any distance.</summary>
    public double? RadiusMiles { get; init; }

    /// <summary>Required codes per set as masks: a listing must have at least one bit of each non-zero mask.</summary>
    public IReadOnlyDictionary<CodeSet, long> Filters { get; init; } = new Dictionary<CodeSet, long>();

    public bool AcceptingOnly { get; init; }

    /// <summary>Leaves fictional demo listings out (what the site publishes to others, such as its HSDS API).</summary>
    public bool ExcludeDemo { get; init; }

    /// <summary>The day the search is made, for openings: which are still believed, which start dates have passed.</summary>
    public DateOnly Today { get; init; } = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>How many days openings are believed after they were confirmed (<c>Directory:OpeningsTrustDays</c>).</summary>
    public int TrustDays { get; init; } = 14;

    /// <summary>When set, only listings whose current openings let someone start within this many days.</summary>
    public int? StartWithinDays { get; init; }

    /// <summary>Times of day (<see cref="ClinicSnapshot.TimeMask"/>), any of which a listing must offer; 0 for any.</summary>
    public byte TimeMask { get; init; }

    /// <summary>When set, only these listings (the ones matching the keyword search).</summary>
    public IdSet? OnlyIds { get; init; }

    public ClinicSort Sort { get; init; } = ClinicSort.Distance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public bool HasOrigin => Latitude is not null && Longitude is not null;
}

/// <summary>One listing in a result, with its distance from the searched point when there was one.</summary>
public sealed record ClinicHit(long Id, double? DistanceMiles);

/// <summary>A listing found by a search, with its distance from the searched place when there was one.</summary>
public sealed record ListedClinic(Clinic Clinic, double? Miles);

/// <summary>A page of results; <see cref="Page"/> is clamped to the pages that exist.</summary>
public sealed record ClinicResultPage(IReadOnlyList<ClinicHit> Hits, int Total, int Page, int PageCount);

/// <summary>
/// The directory's search: the active listings as a <see cref="ClinicSnapshot"/> in memory, stamped
/// with the listings' version (migration 0004). A write anywhere (this process, a CLI import, another
/// web instance) raises the version; <see cref="RefreshIfChanged"/> notices and rebuilds the snapshot,
/// one rebuild at a time, always from the newest version, so an older rebuild can never publish last.
/// Searches in flight keep the snapshot they started with.
/// </summary>
public sealed class ClinicIndex(Db db, SearchIndex searchIndex, IOutputCacheStore cache, Infrastructure.SiteMetrics metrics, OpeningsCalendar calendar, ILogger<ClinicIndex> logger)
{
    private ClinicSnapshot _snapshot = ClinicSnapshot.Empty;
    private long _version = -1;
    private long _checks;
    private long _lastCheckTicks = Environment.TickCount64;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly SemaphoreSlim _nudged = new(0, 1);

    /// <summary>How many active listings are fictional demo data, so the site can say so in its header.</summary>
    public int DemoCount => Volatile.Read(ref _snapshot).DemoCount;

    /// <summary>The listings' version the current snapshot was built from.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// How many times the listings' version has been read and acted on. Checks run one at a time, so a change
    /// committed while <c>n</c> checks were done is in the snapshot once <c>n + 2</c> are: check <c>n + 1</c> may
    /// have read the version just before the change, check <c>n + 2</c> began after it.
    /// </summary>
    public long Checks => Interlocked.Read(ref _checks);

    /// <summary>How long ago the last check finished; a watcher that has stopped shows here.</summary>
    public TimeSpan SinceLastCheck => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastCheckTicks));

    /// <summary>How many active listings the directory holds.</summary>
    public int Count => Volatile.Read(ref _snapshot).Count;

    /// <summary>Rebuilds the snapshot now, whatever the version says (startup, benchmarks).</summary>
    public void Reload() => Rebuild(force: true);

    /// <summary>Rebuilds the snapshot if the listings changed since it was built; returns whether it did.</summary>
    public bool RefreshIfChanged() => Rebuild(force: false);

    /// <summary>Asks the background watcher to check for a change now rather than at its next tick.</summary>
    public void Nudge()
    {
        if (_nudged.CurrentCount == 0)
        {
            try
            {
                _nudged.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer nudged at the same moment; one check covers both.
            }
        }
    }

    /// <summary>Waits until nudged or <paramref name="interval"/> passes.</summary>
    public Task WaitForNudgeAsync(TimeSpan interval, CancellationToken cancellation) => _nudged.WaitAsync(interval, cancellation);

    private bool Rebuild(bool force)
    {
        _reloading.Wait();
        try
        {
            using var connection = db.Open();
            // One read transaction: the version and the rows come from the same moment, so the stamp
            // never claims a change the snapshot does not hold.
            using var transaction = connection.BeginRead();
            var version = ClinicQueries.Version(connection, transaction);
            if (!force && version == Version)
            {
                Checked();
                return false;
            }

            var watch = System.Diagnostics.Stopwatch.StartNew();
            var builder = new ClinicSnapshot.Builder();
            foreach (var clinic in ClinicQueries.Active(connection, transaction))
            {
                builder.Add(clinic);
            }

            transaction.Commit();
            Volatile.Write(ref _snapshot, builder.Build());
            Interlocked.Exchange(ref _version, version);
            searchIndex.ForgetClinicMatches();
            cache.EvictByTagAsync(StartupTasks.PagesCacheTag, default).AsTask().GetAwaiter().GetResult();
            metrics.DirectoryReloaded(version, watch.Elapsed);
            logger.LogInformation("Directory reloaded at listings version {Version} in {Milliseconds} ms", version, watch.ElapsedMilliseconds);
            Checked();
            return true;
        }
        finally
        {
            _reloading.Release();
        }
    }

    private void Checked()
    {
        Interlocked.Exchange(ref _lastCheckTicks, Environment.TickCount64);
        Interlocked.Increment(ref _checks);
    }

    public ClinicResultPage Search(ClinicQuery query)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = Volatile.Read(ref _snapshot).Search(query with { Today = calendar.Today, TrustDays = calendar.TrustDays });
        metrics.Searched("directory", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return result;
    }

    /// <summary>
    /// Searches and loads the listings found, each with its distance, in the search's order: the one way the
    /// results page, the API, the CSV download and the self-check turn a search into listings.
    /// </summary>
    public (ClinicResultPage Result, IReadOnlyList<ListedClinic> Listings) SearchAndLoad(ClinicQueries queries, ClinicQuery query)
    {
        var result = Search(query);
        return (result, Load(queries, result.Hits));
    }

    /// <summary>
    /// The active listings behind <paramref name="hits"/>, in their order. A hit whose listing is no longer
    /// active means the listings changed after this snapshot was built: it is left out, and the watcher is
    /// asked to reload now rather than at its next tick.
    /// </summary>
    private IReadOnlyList<ListedClinic> Load(ClinicQueries queries, IReadOnlyList<ClinicHit> hits)
    {
        var found = queries.ByIds(hits.Select(h => h.Id).ToList()).ToDictionary(c => c.Id);
        if (found.Count < hits.Count)
        {
            Nudge();
        }

        return hits.Where(h => found.ContainsKey(h.Id)).Select(h => new ListedClinic(found[h.Id], h.DistanceMiles)).ToList();
    }
}
