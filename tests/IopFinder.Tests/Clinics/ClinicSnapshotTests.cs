using IopFinder.Web.Clinics;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// The in-memory search reads only the part of the map a radius can reach. These tests hold it to the
/// plain definition: every listing within the radius is found, and none beyond it, wherever on Earth
/// the search is, including across the antimeridian (Alaska's Aleutians) and near a pole.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class ClinicSnapshotTests
{
    private static Clinic Listing(long id, double latitude, double longitude, string name = "Program") => new()
    {
        Id = id,
        Name = $"{name} {id}",
        Latitude = latitude,
        Longitude = longitude,
        Accepting = id % 3 == 0 ? "yes" : "no",
        CareMask = ClinicCodes.Care.Mask([id % 2 == 0 ? "iop" : "op"]),
    };

    /// <summary>The textbook great-circle distance, written independently of the code under test.</summary>
    private static double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180;
        var central = Math.Acos(Math.Clamp(
            Math.Sin(Rad(lat1)) * Math.Sin(Rad(lat2)) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Cos(Rad(lon2 - lon1)), -1, 1));
        return central * ClinicSnapshot.EarthRadiusMiles;
    }

    private static ClinicQuery Around(double latitude, double longitude, double? miles) => new()
    {
        Latitude = latitude,
        Longitude = longitude,
        RadiusMiles = miles,
        PageSize = 1_000_000,
    };

    [Fact]
    public void A_radius_search_finds_exactly_the_listings_within_the_radius_anywhere_on_Earth()
    {
        var random = new Random(20261122);
        var listings = new List<Clinic>();
        for (var id = 1; id <= 6000; id++)
        {
            // Half spread over the globe, half clustered where the box has edges: the antimeridian and the poles.
            var (lat, lon) = (id % 4) switch
            {
                0 => (random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180),
                1 => (random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180),
                2 => (50 + random.NextDouble() * 4, random.NextDouble() < 0.5 ? 179 + random.NextDouble() : -180 + random.NextDouble()),
                _ => (random.NextDouble() < 0.5 ? 88 + random.NextDouble() * 2 : -90 + random.NextDouble() * 2, random.NextDouble() * 360 - 180),
            };
            listings.Add(Listing(id, lat, lon));
        }

        var snapshot = ClinicSnapshot.Build(listings);
        var checkedWithResults = 0;
        for (var i = 0; i < 300; i++)
        {
            var origin = listings[random.Next(listings.Count)];
            var (lat0, lon0) = (Math.Clamp(origin.Latitude + random.NextDouble() - 0.5, -90, 90), origin.Longitude);
            var miles = new[] { 5.0, 25, 100, 400, 3000 }[random.Next(5)];

            var found = snapshot.Search(Around(lat0, lon0, miles)).Hits.Select(h => h.Id).ToHashSet();

            // A hair either side of the edge is left out: there the two formulas may round differently.
            foreach (var listing in listings)
            {
                var distance = Distance(lat0, lon0, listing.Latitude, listing.Longitude);
                if (distance < miles - 0.001)
                {
                    Assert.True(found.Contains(listing.Id), $"missed listing {listing.Id} at {distance:F3} of {miles} miles from ({lat0}, {lon0})");
                }
                else if (distance > miles + 0.001)
                {
                    Assert.False(found.Contains(listing.Id), $"listing {listing.Id} at {distance:F3} miles is beyond {miles} from ({lat0}, {lon0})");
                }
            }

            checkedWithResults += found.Count > 1 ? 1 : 0;
        }

        Assert.True(checkedWithResults > 200, $"only {checkedWithResults} searches found anything, so the test proves little");
    }

    [Fact]
    public void A_search_near_the_antimeridian_finds_listings_on_both_sides_of_it()
    {
        var snapshot = ClinicSnapshot.Build(
        [
            Listing(1, 51.88, 179.95),   // Adak side, east longitude
            Listing(2, 51.88, -179.95),  // west longitude, a few miles away
            Listing(3, 51.88, 170.0),    // far away
        ]);

        var hits = snapshot.Search(Around(51.88, 179.99, 10)).Hits;

        Assert.Equal([1L, 2L], hits.Select(h => h.Id).Order());
        Assert.All(hits, h => Assert.True(h.DistanceMiles <= 10));
    }

    [Fact]
    public void A_search_near_a_pole_finds_listings_across_every_longitude()
    {
        var snapshot = ClinicSnapshot.Build([Listing(1, 89.9, 0), Listing(2, 89.9, 180), Listing(3, 89.9, -90), Listing(4, 80, 0)]);

        var hits = snapshot.Search(Around(89.95, 45, 30)).Hits;

        Assert.Equal([1L, 2L, 3L], hits.Select(h => h.Id).Order());
    }

    [Fact]
    public void Results_within_a_radius_can_be_sorted_by_name_and_filtered()
    {
        var listings = Enumerable.Range(1, 40).Select(i => Listing(i, 38 + i * 0.01, -78 - i * 0.01, i % 2 == 0 ? "Birch" : "Aspen")).ToList();
        var snapshot = ClinicSnapshot.Build(listings);
        var iop = new Dictionary<CodeSet, long> { [ClinicCodes.Care] = ClinicCodes.Care.Mask(["iop"]) };

        var byName = snapshot.Search(Around(38.2, -78.2, 25) with { Sort = ClinicSort.Name }).Hits.Select(h => h.Id).ToList();
        var iopOnly = snapshot.Search(Around(38.2, -78.2, 25) with { Filters = iop, AcceptingOnly = true }).Hits.Select(h => h.Id).ToList();

        var within = listings.Where(l => Distance(38.2, -78.2, l.Latitude, l.Longitude) <= 25).ToList();
        Assert.Equal(within.OrderBy(l => l.Name.ToUpperInvariant(), StringComparer.Ordinal).ThenBy(l => l.Id).Select(l => l.Id), byName);
        Assert.Equal(within.Where(l => l.Id % 2 == 0 && l.Id % 3 == 0).Select(l => l.Id).Order(), iopOnly.Order());
    }

    [Fact]
    public void Without_a_radius_every_listing_is_ranked_by_distance()
    {
        var listings = Enumerable.Range(1, 500).Select(i => Listing(i, -60 + i * 0.25, -170 + i * 0.7)).ToList();
        var snapshot = ClinicSnapshot.Build(listings);

        var hits = snapshot.Search(Around(10, 10, null)).Hits;

        Assert.Equal(500, hits.Count);
        Assert.Equal(listings.OrderBy(l => Distance(10, 10, l.Latitude, l.Longitude)).Select(l => l.Id).Take(50), hits.Take(50).Select(h => h.Id));
    }
    [Fact]
    public void Name_ordered_pages_at_any_depth_list_each_match_once_in_name_then_id_order()
    {
        var random = new Random(7);
        string[] names = ["Alder", "birch", "Cedar", "alder", "Elm"];
        var clinics = Enumerable.Range(1, 700).Select(id => Listing(id, 25 + random.NextDouble() * 20, -120 + random.NextDouble() * 40, names[random.Next(names.Length)])).ToList();
        foreach (var clinic in clinics)
        {
            // Names repeat across ids, so ties are decided by id.
            clinic.Name = clinic.Name.Split(' ')[0];
        }

        var snapshot = ClinicSnapshot.Build(clinics);
        var iop = new Dictionary<CodeSet, long> { [ClinicCodes.Care] = ClinicCodes.Care.Mask(["iop"]) };
        var expected = clinics.Where(c => c.Offers(ClinicCodes.Care, "iop")).OrderBy(c => c.Name.ToUpperInvariant(), StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Id).ToList();

        var pages = Enumerable.Range(1, 60).Select(page => snapshot.Search(new ClinicQuery { Filters = iop, Sort = ClinicSort.Name, Page = page, PageSize = 7 })).ToList();

        Assert.Equal(expected, pages.TakeWhile(p => p.Hits.Count > 0).SelectMany(p => p.Hits.Select(h => h.Id)).Take(expected.Count));
        Assert.All(pages, p => Assert.Equal(expected.Count, p.Total));
        Assert.Equal((expected.Count + 6) / 7, pages[^1].Page);
        var everyone = clinics.OrderBy(c => c.Name.ToUpperInvariant(), StringComparer.Ordinal).ThenBy(c => c.Id).Select(c => c.Id).ToList();
        var all = Enumerable.Range(1, 101).Select(page => snapshot.Search(new ClinicQuery { Sort = ClinicSort.Name, Page = page, PageSize = 7 })).ToList();
        Assert.Equal(everyone, all.SelectMany(p => p.Hits.Select(h => h.Id)).Take(everyone.Count));
        Assert.Equal((700, 100, 100), (all[^1].Total, all[^1].PageCount, all[^1].Page));
    }
}
