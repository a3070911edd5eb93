using System.Globalization;
using System.Net;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Imports;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// Changes to the listings, from this process or another, reach the running site by its next checks for
/// changes (every 500 ms), never showing a listing that is gone or a different clinic under an old id.
/// </summary>
public sealed class ListingChangesTests(ListingChangesTests.Site site) : IClassFixture<ListingChangesTests.Site>
{
    /// <summary>
    /// The site these tests share: they run one after another in no set order, each with listings and clients
    /// of its own, and none relies on the demo listings being the ones the site started with.
    /// </summary>
    public sealed class Site : SiteFactory
    {
        public const int KeywordSearchesPerMinute = 3;

        public Site()
        {
            DemoClinics = 400;
            Settings = new Dictionary<string, string> { ["Directory:KeywordSearchesPerMinute"] = KeywordSearchesPerMinute.ToString(CultureInfo.InvariantCulture) };
        }
    }

    private readonly Site _factory = site;

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <summary>Waits for a committed change by this site's own checks for changes (<see cref="ChangeWait"/>).</summary>
    private Task<string> WaitForChange(HttpClient client, string url, Func<string, bool> done) =>
        ChangeWait.UntilShownAsync(client, url, done, () => Task.FromResult(Service<ClinicIndex>().Checks));

    [Fact]
    public async Task An_import_run_by_another_process_shows_on_the_running_site_by_its_next_check_for_changes()
    {
        using var client = _factory.Client();
        const string url = "/clinics?near=22902&care=iop&radius=10";
        Assert.DoesNotContain("Harborlight Test Program", await client.GetStringAsync(url));
        var file = ImportFiles.OneCharlottesvilleIop(Path.Combine(_factory.DataFolder, "one.csv"), "harborlight-test-program", "Harborlight Test Program");
        var (exit, output) = await CliProcess.RunAsync(_factory, "import", "csv", file);
        Assert.True(exit == 0, output);

        var html = await WaitForChange(client, url, h => h.Contains("Harborlight Test Program", StringComparison.Ordinal));

        Assert.Contains("Harborlight Test Program", html);
        Assert.Contains("Harborlight", await client.GetStringAsync("/clinics?q=harborlight"));
    }

    [Fact]
    public async Task After_another_process_replaces_the_demo_listings_a_search_shows_only_clinics_that_match_it()
    {
        using var client = _factory.Client();
        const string url = "/clinics?near=22902&care=iop&radius=any";
        var before = ResultIds(await client.GetStringAsync(url));
        List<long> demoBefore;
        using (var read = Service<Db>().Open())
        {
            demoBefore = read.Query<long>($"SELECT id FROM clinics WHERE source = 'demo' AND {read.InList("id", "before")}", new { before }).ToList();
        }

        Assert.NotEmpty(demoBefore);

        var (exit, output) = await CliProcess.RunAsync(_factory, "seed-demo", "--clinics", "300", "--seed", "7");
        Assert.True(exit == 0, output);
        // While the site still holds the old snapshot it may show fewer results, never other clinics.
        var html = await WaitForChange(client, url, h => ResultIds(h) is { Count: > 0 } ids && !ids.SequenceEqual(before));

        var origin = Service<PlaceDirectory>().Zip("22902")!;
        var shown = ResultIds(html);
        Assert.NotEmpty(shown);
        Assert.Empty(shown.Intersect(demoBefore));
        using var connection = Service<Db>().Open();
        foreach (var (id, miles) in ResultDistances(html))
        {
            var clinic = connection.QuerySingle<Clinic>($"SELECT {ClinicQueries.Columns} FROM clinics WHERE id = @id", new { id });
            Assert.Equal("active", clinic.Status);
            Assert.True(clinic.Offers(ClinicCodes.Care, "iop"), $"listing {id} does not offer IOP");
            var actual = Miles(origin.Latitude, origin.Longitude, clinic.Latitude, clinic.Longitude);
            Assert.True(Math.Abs(actual - miles) < 0.2, $"listing {id} is shown {miles} miles away but is {actual:F1}");
        }
    }

    [Fact]
    public async Task Reloads_racing_with_writes_never_publish_an_older_version_after_a_newer_one()
    {
        var index = Service<ClinicIndex>();
        var queries = Service<ClinicQueries>();
        var seen = new System.Collections.Concurrent.ConcurrentQueue<long>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(() =>
        {
            var last = 0L;
            while (!stop.IsCancellationRequested)
            {
                var now = index.Version;
                if (now != last)
                {
                    seen.Enqueue(now);
                    last = now;
                }
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
        {
            for (var n = 0; n < 5; n++)
            {
                queries.Save([NewClinic($"race-{i}-{n}")]);
                index.RefreshIfChanged();
            }
        })));
        index.RefreshIfChanged();
        await stop.CancelAsync();
        await watcher;

        var versions = seen.ToList();
        Assert.Equal(versions.OrderBy(v => v), versions);
        Assert.Equal(queries.Version(), index.Version);
    }

    [Fact]
    public void Listing_ids_are_never_reused_and_an_insert_without_one_is_refused()
    {
        var queries = Service<ClinicQueries>();
        var first = NewClinic("first-id-test");
        queries.Save([first]);
        using (var connection = Service<Db>().Open())
        {
            connection.Execute("DELETE FROM clinics WHERE id = @id", new { id = first.Id });
        }

        var second = NewClinic("second-id-test");
        queries.Save([second]);

        Assert.True(second.Id > first.Id, $"id {second.Id} after {first.Id}");
        using var raw = Service<Db>().Open();
        Assert.ThrowsAny<System.Data.Common.DbException>(() => raw.Execute(
            "INSERT INTO clinics (slug, name, street, city, state, zip, latitude, longitude, source, updated_at) VALUES ('x', 'x', 'x', 'x', 'VA', '22902', 38, -78, 'admin', '2026-11-23')"));
    }

    [Fact]
    public void Every_kind_of_write_to_a_listing_raises_the_version()
    {
        var queries = Service<ClinicQueries>();
        var start = queries.Version();
        var clinic = NewClinic("version-test");

        queries.Save([clinic]);
        var afterInsert = queries.Version();
        using var connection = Service<Db>().Open();
        connection.Execute("UPDATE clinics SET accepting = 'yes' WHERE id = @id", new { id = clinic.Id });
        var afterUpdate = queries.Version();
        connection.Execute("DELETE FROM clinics WHERE id = @id", new { id = clinic.Id });
        var afterDelete = queries.Version();

        Assert.True(start < afterInsert && afterInsert < afterUpdate && afterUpdate < afterDelete);
    }

    [Fact]
    public void A_listing_hidden_since_the_snapshot_was_built_is_never_shown()
    {
        var queries = Service<ClinicQueries>();
        var index = Service<ClinicIndex>();
        index.RefreshIfChanged();
        var hit = index.Search(new ClinicQuery { Sort = ClinicSort.Name, PageSize = 1 }).Hits[0];
        using (var connection = Service<Db>().Open())
        {
            connection.Execute("UPDATE clinics SET status = 'hidden' WHERE id = @id", new { id = hit.Id });
        }

        Assert.Empty(queries.ByIds([hit.Id]));
    }

    [Fact]
    public void Demo_listings_can_be_replaced_whatever_refers_to_them_and_their_history_stays()
    {
        var queries = Service<ClinicQueries>();
        long claimed;
        int othersBefore;
        const string others = "SELECT count(*) FROM clinics WHERE source <> 'demo' OR removed_at IS NOT NULL";
        using (var connection = Service<Db>().Open())
        {
            claimed = connection.ExecuteScalar<long>("SELECT min(id) FROM clinics WHERE source = 'demo' AND removed_at IS NULL");
            othersBefore = connection.ExecuteScalar<int>(others);
            connection.Execute(
                "INSERT INTO access_requests (clinic_id, name, email, job_title, created_at) VALUES (@claimed, 'Pat', 'pat@example.org', 'Director', '2026-11-23')",
                new { claimed });
            connection.Execute("INSERT INTO clinic_reports (clinic_id, kind, created_at) VALUES (@claimed, 'closed', '2026-11-23')", new { claimed });
            connection.Execute("INSERT INTO audit_log (at, action, clinic_id, details) VALUES ('2026-11-23', 'access-requested', @claimed, '')", new { claimed });
        }

        var kept = Service<DemoListings>().Replace(DemoSeeder.Generate(50, 99, Service<PlaceDirectory>()));

        Assert.Equal(1, kept);
        using var check = Service<Db>().Open();
        var old = check.QuerySingle<(string Status, string? RemovedAt, string Slug)>("SELECT status, removed_at, slug FROM clinics WHERE id = @claimed", new { claimed });
        Assert.Equal("hidden", old.Status);
        Assert.NotNull(old.RemovedAt);
        Assert.EndsWith("-removed-" + claimed.ToString(CultureInfo.InvariantCulture), old.Slug);
        Assert.Equal(1, check.ExecuteScalar<int>("SELECT count(*) FROM audit_log WHERE clinic_id = @claimed", new { claimed }));
        Assert.Equal("rejected", check.ExecuteScalar<string>("SELECT status FROM access_requests WHERE clinic_id = @claimed", new { claimed }));
        Assert.Equal(50, check.ExecuteScalar<int>("SELECT count(*) FROM clinics WHERE source = 'demo' AND removed_at IS NULL"));
        Assert.Equal(othersBefore + 1, check.ExecuteScalar<int>(others));
        Assert.Equal(othersBefore + 1 + 50, queries.Count());
    }

    [Fact]
    public void Remembered_keyword_matches_stay_within_their_memory_budget()
    {
        var search = new SearchIndex(Service<Db>(), Microsoft.Extensions.Options.Options.Create(new IopFinder.Web.Options.CachingOptions { KeywordCacheMegabytes = 1 }));
        var letters = "abcdefghijklmnoprstuvw";

        foreach (var first in letters)
        {
            foreach (var second in letters)
            {
                search.MatchingClinicIds($"{first}{second}");
            }
        }

        search.MatchingClinicIds("a");
        Assert.InRange(search.RememberedKeywordBytes, 1, 1024 * 1024);
        search.Dispose();
    }

    [Fact]
    public async Task Keyword_searches_are_limited_per_client_and_plain_searches_are_not()
    {
        using var client = _factory.Client();
        using var other = _factory.Client();

        var keywordStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < Site.KeywordSearchesPerMinute + 2; i++)
        {
            keywordStatuses.Add((await client.GetAsync($"/clinics?q=word{i}")).StatusCode);
        }

        var plain = await client.GetAsync("/clinics?near=22902");
        var otherClient = await other.GetAsync("/clinics?q=word0");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], keywordStatuses);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task Site_searches_are_limited_per_client_too()
    {
        using var client = _factory.Client();
        using var other = _factory.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Site.KeywordSearchesPerMinute + 1; i++)
        {
            statuses.Add((await client.GetAsync($"/search?q=naloxone{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(Site.KeywordSearchesPerMinute));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/search")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/search?q=naloxone")).StatusCode);
    }

    [Fact]
    public async Task The_csv_download_with_keywords_spends_the_same_budget_as_keyword_searches()
    {
        using var client = _factory.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Site.KeywordSearchesPerMinute; i++)
        {
            statuses.Add((await client.GetAsync($"/clinics.csv?q=csvword{i}")).StatusCode);
        }

        var search = await client.GetAsync("/clinics?q=after-the-downloads");
        var download = await client.GetAsync("/clinics.csv?q=one-more");
        var plainDownload = await client.GetAsync("/clinics.csv?near=22902");

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, search.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, download.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plainDownload.StatusCode);
    }

    private static Clinic NewClinic(string slug) => new()
    {
        Slug = slug, Name = slug, Street = "1 Main St", City = "Charlottesville", State = "VA", Zip = "22902",
        Latitude = 38.03, Longitude = -78.48, Source = "admin", UpdatedAt = "2026-11-23",
    };

    private static List<long> ResultIds(string html) => ResultDistances(html).Select(r => r.Id).ToList();

    private static List<(long Id, double Miles)> ResultDistances(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "data-clinic-id=\"(\\d+)\" data-distance-miles=\"([0-9.]+)\"")
            .Select(m => (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToList();

    private static double Miles(double lat1, double lon1, double lat2, double lon2)
    {
        const double radius = 3958.8;
        double Rad(double d) => d * Math.PI / 180;
        var a = Math.Pow(Math.Sin(Rad(lat2 - lat1) / 2), 2) + (Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(Rad(lon2 - lon1) / 2), 2));
        return 2 * radius * Math.Asin(Math.Sqrt(a));
    }
}
