using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Hsds;
using IopFinder.Web.Imports;
using IopFinder.Web.Places;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Hsds;

/// <summary>
/// HSDS data packages in and out: an export loaded into an empty site gives back every listing with every field
/// (on SQLite, and on PostgreSQL in the suite's second pass), and a 211's HSDS becomes listings it can re-import.
/// </summary>
public sealed class HsdsPackageTests : IClassFixture<EmptySite>, IDisposable
{
    private readonly EmptySite _target;
    private readonly TempFolder _files = new();

    public HsdsPackageTests(EmptySite target)
    {
        _target = target;
        _target.Empty();
    }

    public void Dispose() => _files.Dispose();

    private static string Csv(IEnumerable<Clinic> clinics)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        ClinicCsv.Write(writer, clinics.OrderBy(c => c.Slug, StringComparer.Ordinal));
        return writer.ToString();
    }

    private static List<Clinic> Active(SiteFactory site)
    {
        using var connection = site.Services.GetRequiredService<Db>().Open();
        return ClinicQueries.Active(connection).ToList();
    }

    private ImportSummary Import(SiteFactory site, string path, bool strict = true)
    {
        var (rows, mode) = HsdsReader.Read(path, PlaceDirectory.Shared);
        return site.Services.GetRequiredService<ClinicImporter>().Import(rows, strict, mode);
    }

    [Fact]
    public void An_export_imported_into_an_empty_site_gives_back_every_listing_with_every_field()
    {
        using var source = new SiteFactory { DemoClinics = 60 };
        var rich = source.Listing(3);
        rich.SetMask(ClinicCodes.Care, ClinicCodes.Care.Mask(["iop", "php"]));
        rich.IopSchedule = "Evening adult IOP | mon tue thu | 18:00-21:00 | both | english spanish | adults\nSaturday | sat | 09:30-12:30 | in_person | english | adults young_adults";
        rich.TimeZone = "America/Denver";
        rich.OpeningsStatus = OpeningStatus.Waitlist;
        rich.OpeningsWaitWeeks = 3;
        rich.OpeningsNextStart = null;
        rich.OpeningsAsOf = "2026-12-01";
        rich.OpeningsSource = OpeningsSource.Moderator;
        rich.OtherLanguages = "Vietnamese, Tagalog";
        rich.IntakePhone = "555-301-2222";
        rich.Claimed = true;
        rich.LastVerified = "2026-11-02";
        rich.Description = "Evening groups, \"quoted\", with commas; and a second line\nhere.";
        Assert.Null(ListingRules.Check(rich));
        using (var connection = source.Services.GetRequiredService<Db>().Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.Save(connection, transaction, [rich]);
            transaction.Commit();
        }

        var exported = Active(source);
        using (var connection = source.Services.GetRequiredService<Db>().Open())
        {
            Assert.Equal(exported.Count, HsdsPackage.Export(_files.Path, ClinicQueries.Active(connection), source.Services.GetRequiredService<HsdsWriter>()));
        }

        var summary = Import(_target, _files.Path);

        Assert.True(summary.Applied, string.Join("; ", summary.Rejected.Select(r => $"{r.Line}: {r.Reason}")));
        Assert.Equal(exported.Count, summary.Added);
        Assert.Equal(Csv(exported), Csv(Active(_target)));
        Assert.Contains(Active(_target), c => c.Tracks.Count == 2 && c.OpeningsWaitWeeks == 3 && c.Claimed && c.TimeZone == "America/Denver");
        Assert.True(File.Exists(Path.Combine(_files.Path, "datapackage.json")));

        var again = Import(_target, _files.Path);
        Assert.Equal((0, 0, exported.Count), (again.Added, again.Updated, again.Unchanged));
    }

    /// <summary>One service of a 211's export: its own taxonomy, a SAMHSA code, an address without coordinates.</summary>
    private const string TwoOneOne = """
        {
          "id": "5d1f0a5e-2f8e-4f7e-9d3a-1b2c3d4e5f60",
          "name": "Adult Intensive Outpatient",
          "description": "Three evenings a week.",
          "status": "active",
          "organization": { "id": "0b7d5a1c-1111-4c2d-8e9f-000000000001", "name": "Riverbend Recovery Center", "description": "Outpatient care.", "website": "https://riverbend.example.org" },
          "phones": [ { "id": "0b7d5a1c-2222-4c2d-8e9f-000000000001", "number": "555-410-1000" }, { "id": "0b7d5a1c-2222-4c2d-8e9f-000000000002", "number": "555-410-1001", "description": "Intake line" } ],
          "languages": [ { "id": "0b7d5a1c-3333-4c2d-8e9f-000000000001", "name": "Spanish", "code": "es" }, { "id": "0b7d5a1c-3333-4c2d-8e9f-000000000002", "name": "Somali", "code": "so" } ],
          "attributes": [
            { "id": "0b7d5a1c-4444-4c2d-8e9f-000000000001", "taxonomy_term": { "id": "0b7d5a1c-5555-4c2d-8e9f-000000000001", "code": "OIT", "name": "Intensive outpatient treatment", "description": "IOP", "taxonomy": "SAMHSA service codes" } },
            { "id": "0b7d5a1c-4444-4c2d-8e9f-000000000002", "taxonomy_term": { "id": "0b7d5a1c-5555-4c2d-8e9f-000000000002", "code": "RX-8450.4000", "name": "Substance Use Disorder Counseling", "description": "…", "taxonomy": "211 LA County Taxonomy" } }
          ],
          "service_at_locations": [ { "id": "0b7d5a1c-6666-4c2d-8e9f-000000000001", "location": { "id": "0b7d5a1c-7777-4c2d-8e9f-000000000001", "location_type": "physical", "name": "Main site",
            "addresses": [ { "id": "0b7d5a1c-8888-4c2d-8e9f-000000000001", "address_1": "100 Main St", "city": "New York", "state_province": "NY", "postal_code": "10001-1234", "country": "US", "address_type": "physical" } ] } } ]
        }
        """;

    [Fact]
    public void A_211s_service_becomes_a_listing_and_its_reimport_is_recognised_by_its_ids()
    {
        var file = _files.File("211.json", "[" + TwoOneOne + "]");

        var summary = Import(_target, file, strict: false);

        Assert.Equal(1, summary.Added);
        var listing = Assert.Single(Active(_target));
        Assert.Equal(("Riverbend Recovery Center", "Adult Intensive Outpatient", "10001", "555-410-1000", "555-410-1001"),
            (listing.Name, listing.ProgramName, listing.Zip, listing.Phone, listing.IntakePhone));
        Assert.Equal(["iop"], listing.Codes(ClinicCodes.Care));
        Assert.Equal(["spanish"], listing.Codes(ClinicCodes.Language));
        Assert.Equal("Somali", listing.OtherLanguages);
        Assert.Equal(("admin", "hsds:hsds:0b7d5a1c-6666-4c2d-8e9f-000000000001"), (listing.Source, listing.SourceId));
        var zip = PlaceDirectory.Shared.Zip("10001")!;
        Assert.Equal((zip.Latitude, zip.Longitude), (listing.Latitude, listing.Longitude));
        Assert.Equal(1, summary.Unmapped["211 LA County Taxonomy: Substance Use Disorder Counseling"]);

        var changed = _files.File("211-changed.ndjson", TwoOneOne.Replace("\n", " ", StringComparison.Ordinal).Replace("555-410-1000", "555-410-1009", StringComparison.Ordinal) + "\n");
        var again = Import(_target, changed, strict: false);

        Assert.Equal((0, 1), (again.Added, again.Updated));
        Assert.Equal("555-410-1009", Assert.Single(Active(_target)).Phone);
    }

    [Fact]
    public void Re_importing_an_older_export_leaves_a_listing_hidden_since_then_hidden()
    {
        using var source = new SiteFactory { DemoClinics = 5 };
        using (var connection = source.Services.GetRequiredService<Db>().Open())
        {
            HsdsPackage.Export(_files.Path, ClinicQueries.Active(connection), source.Services.GetRequiredService<HsdsWriter>());
        }

        Import(_target, _files.Path);
        var hidden = Active(_target)[0];
        hidden.Status = ListingStatus.Hidden;
        using (var connection = _target.Services.GetRequiredService<Db>().Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.Save(connection, transaction, [hidden]);
            transaction.Commit();
        }

        var again = Import(_target, _files.Path);

        Assert.Equal((0, 0, 5), (again.Added, again.Updated, again.Unchanged));
        Assert.DoesNotContain(Active(_target), c => c.Slug == hidden.Slug);
    }

    [Theory]
    [InlineData("inactive")]
    [InlineData("defunct")]
    [InlineData("temporarily closed")]
    public void A_211s_service_that_is_no_longer_active_adds_nothing_and_closes_the_listing_made_from_it(string status)
    {
        var active = _files.File("211.json", TwoOneOne);
        var inactive = _files.File("211-inactive.json", TwoOneOne.Replace("\"status\": \"active\"", $"\"status\": \"{status}\"", StringComparison.Ordinal));

        var first = Import(_target, inactive);
        Assert.Equal((0, 0, 1), (first.Added, first.Rejected.Count, first.Unchanged));
        Assert.Empty(Active(_target));

        Import(_target, active);
        var listing = Assert.Single(Active(_target));
        var again = Import(_target, inactive);

        Assert.Equal((0, 1), (again.Added, again.Updated));
        Assert.Empty(Active(_target));
        Assert.Equal(ListingStatus.Closed, _target.Services.GetRequiredService<ClinicQueries>().ById(listing.Id)!.Status);
        Assert.Contains(again.Warnings, w => w.Contains("closed: its source says the program is no longer active", StringComparison.Ordinal));
    }

    [Fact]
    public void A_listing_its_clinic_keeps_stays_open_when_the_211_marks_the_service_inactive()
    {
        Import(_target, _files.File("211.json", TwoOneOne));
        var listing = Assert.Single(Active(_target));
        using (var connection = _target.Services.GetRequiredService<Db>().Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.MarkClaimed(connection, transaction, listing.Id);
            transaction.Commit();
        }

        var again = Import(_target, _files.File("211-inactive.json", TwoOneOne.Replace("\"status\": \"active\"", "\"status\": \"inactive\"", StringComparison.Ordinal)));

        Assert.Equal((0, 1), (again.Updated, again.Unchanged));
        Assert.Equal(listing.Id, Assert.Single(Active(_target)).Id);
        Assert.Contains(again.Warnings, w => w.Contains("left open", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("""{ "hello": 1 }""", "not HSDS")]
    public void A_file_that_is_not_hsds_is_refused_with_a_reason(string text, string reason)
    {
        var file = _files.File("bad.json", text);

        var exception = Assert.Throws<ImportFormatException>(() => Import(_target, file));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
        Assert.Empty(Active(_target));
    }
}
