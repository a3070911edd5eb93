using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// Invariants of the directory search, in the spirit of FindTreatment.gov's own integration tests,
/// run against the demo listings a fresh install seeds.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class ClinicSearchTests(SiteFactory factory)
{
    private ClinicIndex Index => factory.Services.GetRequiredService<ClinicIndex>();
    private ClinicQueries Queries => factory.Services.GetRequiredService<ClinicQueries>();
    private PlaceDirectory Places => factory.Services.GetRequiredService<PlaceDirectory>();

    private static readonly string[] Zips = ["22903", "10001", "60601", "98104", "30303", "78701", "85004", "02108"];

    private ClinicQuery Near(string zip, double? radius, int pageSize = 10_000) => new()
    {
        Latitude = Places.Zip(zip)!.Latitude,
        Longitude = Places.Zip(zip)!.Longitude,
        RadiusMiles = radius,
        PageSize = pageSize,
    };

    [Fact]
    public void Results_are_sorted_by_distance_and_none_lies_beyond_the_radius()
    {
        foreach (var zip in Zips)
        {
            var result = Index.Search(Near(zip, 100));

            var distances = result.Hits.Select(h => h.DistanceMiles!.Value).ToList();
            Assert.True(distances.Count > 1, $"{zip}: {distances.Count} results within 100 miles, too few to show an order");
            Assert.Equal(distances.Order(), distances);
            Assert.All(distances, d => Assert.True(d <= 100.05, $"{zip}: {d} miles"));
        }
    }

    [Fact]
    public void Every_result_within_5_miles_is_also_within_15_miles()
    {
        foreach (var zip in Zips)
        {
            var five = Index.Search(Near(zip, 5)).Hits.Select(h => h.Id).ToHashSet();
            var fifteen = Index.Search(Near(zip, 15)).Hits.Select(h => h.Id).ToHashSet();

            Assert.Subset(fifteen, five);
            Assert.True(fifteen.Count > five.Count || five.Count > 0, $"{zip}: nothing within 15 miles to compare");
        }
    }

    [Fact]
    public void Pages_add_up_to_the_total_and_a_page_beyond_the_end_shows_the_last()
    {
        var all = Index.Search(Near("22903", null, pageSize: 10_000));
        var pages = new List<long>();
        var first = Index.Search(Near("22903", null, pageSize: 20));
        for (var page = 1; page <= first.PageCount; page++)
        {
            pages.AddRange(Index.Search(Near("22903", null, pageSize: 20) with { Page = page }).Hits.Select(h => h.Id));
        }

        var beyond = Index.Search(Near("22903", null, pageSize: 20) with { Page = 10_000 });

        Assert.Equal(all.Total, first.Total);
        Assert.Equal(all.Hits.Select(h => h.Id), pages);
        Assert.Equal(first.PageCount, beyond.Page);
        Assert.Equal(all.Total - (first.PageCount - 1) * 20, beyond.Hits.Count);
    }

    [Fact]
    public void Each_filter_returns_only_listings_that_have_the_code()
    {
        foreach (var set in ClinicCodes.All)
        {
            foreach (var code in set.Codes.Select(c => c.Value))
            {
                var query = Near("10001", null) with { Filters = new Dictionary<CodeSet, long> { [set] = set.Mask([code]) } };
                var hits = Index.Search(query).Hits.Select(h => h.Id).ToList();

                Assert.True(hits.Count > 0, $"no listing has {set.Parameter}={code}, so the filter was not tested");
                Assert.All(Queries.ByIds(hits), c => Assert.True(c.Offers(set, code), $"{c.Slug} lacks {set.Parameter}={code}"));
            }
        }
    }

    [Fact]
    public void Codes_within_a_filter_are_any_of_and_filters_across_are_all_of()
    {
        var pay = ClinicCodes.Pay;
        var care = ClinicCodes.Care;
        var medicaid = Index.Search(Near("60601", null) with { Filters = new Dictionary<CodeSet, long> { [pay] = pay.Mask(["medicaid"]) } }).Total;
        var free = Index.Search(Near("60601", null) with { Filters = new Dictionary<CodeSet, long> { [pay] = pay.Mask(["free"]) } }).Total;
        var either = Index.Search(Near("60601", null) with { Filters = new Dictionary<CodeSet, long> { [pay] = pay.Mask(["medicaid", "free"]) } });
        var both = Index.Search(Near("60601", null) with { Filters = new Dictionary<CodeSet, long> { [pay] = pay.Mask(["medicaid"]), [care] = care.Mask(["iop"]) } });

        Assert.True(medicaid > 0 && free > 0 && both.Total > 0, $"medicaid {medicaid}, free {free}, medicaid and iop {both.Total}");
        Assert.True(either.Total >= Math.Max(medicaid, free));
        Assert.True(either.Total <= medicaid + free);
        Assert.All(Queries.ByIds(both.Hits.Select(h => h.Id).ToList()), c =>
        {
            Assert.True(c.Offers(pay, "medicaid"));
            Assert.True(c.Offers(care, "iop"));
        });
        Assert.True(both.Total < medicaid);
    }

    [Fact]
    public void Demo_data_covers_every_state()
    {
        var states = Queries.IopStates().Select(s => s.State).ToHashSet();

        foreach (var state in new[] { "AK", "HI", "VT", "WY", "DC", "CA", "TX" })
        {
            Assert.Contains(state, states);
        }
    }

    [Fact]
    public void The_same_seed_always_makes_the_same_demo_listings()
    {
        var first = DemoSeeder.Generate(50, 7, Places);
        var second = DemoSeeder.Generate(50, 7, Places);

        Assert.Equal(first.Select(c => (c.Slug, c.Phone, c.Latitude, c.CareMask)), second.Select(c => (c.Slug, c.Phone, c.Latitude, c.CareMask)));
        Assert.All(first, c =>
        {
            Assert.Matches(@"^\d{3}-555-01\d{2}$", c.Phone);
            Assert.EndsWith(".example.org/", c.Website);
        });
    }
}
