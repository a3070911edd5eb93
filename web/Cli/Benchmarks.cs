using System.Diagnostics;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using IopFinder.Web.Portal;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Cli;

/// <summary>
/// <c>bench-search</c>: seeds a temporary database and times directory searches the way the site runs
/// them (keyword lookup, in-memory filter and ranking), over random ZIP codes and filter mixes.
/// </summary>
public static class Benchmarks
{
    public static Task<int> SearchAsync(IServiceProvider services, int clinics, int searches, int seed)
    {
        var places = services.GetRequiredService<PlaceDirectory>();
        var folder = Path.Combine(Path.GetTempPath(), "iopfinder-bench-" + Guid.NewGuid().ToString("N"));
        var db = new Db(Path.Combine(folder, "bench.db"));
        try
        {
            new Migrator(db, services.GetRequiredService<ILogger<Migrator>>()).Migrate();
            using var search = new SearchIndex(db, services.GetRequiredService<IOptions<CachingOptions>>());
            var index = new ClinicIndex(db, search, services.GetRequiredService<IOutputCacheStore>(), services.GetRequiredService<ILogger<ClinicIndex>>());

            var watch = Stopwatch.StartNew();
            var listings = DemoSeeder.Generate(clinics, seed, places);
            var generate = watch.Elapsed;
            new DemoListings(db, new Audit(db, TimeProvider.System, services.GetRequiredService<IHttpContextAccessor>()), TimeProvider.System).Replace(listings);
            listings = null;
            var insert = watch.Elapsed - generate;
            index.Reload();
            var load = watch.Elapsed - generate - insert;

            var random = new Random(seed);
            var zips = places.Zips.OrderBy(z => z.Zip, StringComparer.Ordinal).ToList();
            var samples = new List<double>(searches);
            var byKind = new Dictionary<string, List<double>>();
            var seenKeywords = new HashSet<string>();
            var results = 0L;
            for (var i = 0; i < searches + 100; i++)
            {
                var (kind, keyword, query) = RandomQuery(random, zips[random.Next(zips.Count)], search);
                if (keyword is not null)
                {
                    kind = seenKeywords.Add(keyword) ? "keyword, first use" : "keyword, repeated";
                }

                var timer = Stopwatch.StartNew();
                var request = query();
                var page = index.Search(request);
                timer.Stop();
                results += page.Total;
                if (i >= 100)
                {
                    samples.Add(timer.Elapsed.TotalMilliseconds);
                    if (!byKind.TryGetValue(kind, out var list))
                    {
                        byKind[kind] = list = [];
                    }

                    list.Add(timer.Elapsed.TotalMilliseconds);
                }
            }

            samples.Sort();
            static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
            double P(double q) => Percentile(samples, q);
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine($"listings: {clinics:N0}  searches: {searches:N0} (after 100 warm-up)  mean results per search: {results / (double)(searches + 100):N0}");
            Console.WriteLine($"seed: generate {generate.TotalSeconds:F2} s, insert {insert.TotalSeconds:F2} s, index + search text {load.TotalSeconds:F2} s");
            Console.WriteLine($"search latency ms: p50 {P(0.50):F3}  p95 {P(0.95):F3}  p99 {P(0.99):F3}  max {samples[^1]:F3}");
            foreach (var (kind, list) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
            {
                list.Sort();
                Console.WriteLine($"  {kind,-22} n={list.Count,5}  p50 {Percentile(list, 0.5):F3}  p99 {Percentile(list, 0.99):F3}");
            }

            Console.WriteLine($"memory: working set {process.WorkingSet64 / 1048576.0:F0} MB, managed heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB");
            return Task.FromResult(0);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A search like a visitor's: a ZIP, a radius, and zero to three filters, sometimes keywords.</summary>
    private static (string Kind, string? Keyword, Func<ClinicQuery> Query) RandomQuery(Random random, Place place, SearchIndex search)
    {
        string[] radii = ["5", "10", "25", "25", "25", "50", "100", "any"];
        var radius = radii[random.Next(radii.Length)];
        var filters = new Dictionary<CodeSet, long>();
        for (var f = random.Next(4); f > 0; f--)
        {
            var set = ClinicCodes.All[random.Next(ClinicCodes.All.Count)];
            var codes = set.Codes.OrderBy(_ => random.Next()).Take(1 + random.Next(2)).Select(c => c.Value);
            filters[set] = set.Mask(codes);
        }

        // Keywords people type: mostly a distinctive part of a program's name, sometimes a common word.
        string[] words = ["cedar", "harbor", "willow", "summit", "lantern", "juniper", "compass", "evergreen", "counseling", "recovery"];
        var keywords = random.Next(10) == 0 ? words[random.Next(words.Length)] : null;
        var accepting = random.Next(4) == 0;
        var kind = keywords is not null ? "with keywords" : radius == "any" ? "any distance" : $"within {radius} miles";
        return (kind, keywords, () => new ClinicQuery
        {
            Latitude = place.Latitude,
            Longitude = place.Longitude,
            RadiusMiles = radius == "any" ? null : double.Parse(radius, System.Globalization.CultureInfo.InvariantCulture),
            Filters = filters,
            AcceptingOnly = accepting,
            OnlyIds = keywords is null ? null : search.MatchingClinicIds(keywords),
        });
    }
}
