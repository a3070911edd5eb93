using IopFinder.Web.Infrastructure;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.OutputCaching;

namespace IopFinder.Web.Clinics;

public enum ClinicSort
{
    Distance,
    Name,
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

    /// <summary>When set, only these listings (the ones matching the keyword search).</summary>
    public IReadOnlySet<long>? OnlyIds { get; init; }

    public ClinicSort Sort { get; init; } = ClinicSort.Distance;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 20;

    public bool HasOrigin => Latitude is not null && Longitude is not null;
}

/// <summary>One listing in a result, with its distance from the searched point when there was one.</summary>
public sealed record ClinicHit(long Id, double? DistanceMiles);

/// <summary>A page of results; <see cref="Page"/> is clamped to the pages that exist.</summary>
public sealed record ClinicResultPage(IReadOnlyList<ClinicHit> Hits, int Total, int Page, int PageCount);

/// <summary>
/// The directory's search: the active listings as a <see cref="ClinicSnapshot"/> in memory. The snapshot
/// is rebuilt after every change to the listings, which also refreshes their search text and evicts
/// cached pages; searches in flight keep the snapshot they started with.
/// </summary>
public sealed class ClinicIndex(ClinicQueries queries, SearchIndex searchIndex, IOutputCacheStore cache)
{
    private ClinicSnapshot _snapshot = ClinicSnapshot.Empty;

    /// <summary>How many active listings are fictional demo data, so the site can say so in its header.</summary>
    public int DemoCount => Volatile.Read(ref _snapshot).DemoCount;

    /// <summary>
    /// Reads every active listing once, streaming: each row feeds both the new snapshot and the search
    /// text, so 100,000 listings never sit in memory as objects.
    /// </summary>
    /// <param name="searchText">
    /// Also rewrite the listings' search text. Needed after any change to listings; at startup the text
    /// stored with the database is already current, and rewriting 100,000 rows would only slow the start.
    /// </param>
    public void Reload(bool searchText = true)
    {
        var builder = new ClinicSnapshot.Builder();
        if (!searchText)
        {
            foreach (var clinic in queries.Active())
            {
                builder.Add(clinic);
            }

            Publish(builder);
            return;
        }

        searchIndex.Replace("clinic", queries.Active().Select(c =>
        {
            builder.Add(c);
            return new SearchDocument(c.Id,
                c.ProgramName is null ? c.Name : $"{c.Name}: {c.ProgramName}",
                $"{c.City}, {c.State}",
                string.Join(" ", new[] { c.Description, c.Street, c.Zip }.Where(s => !string.IsNullOrEmpty(s))) + " " +
                    string.Join(" ", ClinicCodes.All.SelectMany(set => c.Codes(set).Select(set.Label))),
                c.Url);
        }));
        Publish(builder);
    }

    private void Publish(ClinicSnapshot.Builder builder)
    {
        Volatile.Write(ref _snapshot, builder.Build());
        cache.EvictByTagAsync(StartupTasks.PagesCacheTag, default).AsTask().GetAwaiter().GetResult();
    }

    public ClinicResultPage Search(ClinicQuery query) => Volatile.Read(ref _snapshot).Search(query);
}
