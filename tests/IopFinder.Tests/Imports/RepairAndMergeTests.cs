using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Imports;

/// <summary>
/// A real facility with a typing slip in an optional field stays findable: the field is repaired or
/// dropped with a warning, and rows the export repeats for one facility become one listing.
/// </summary>
public sealed class RepairAndMergeTests : IClassFixture<EmptySite>, IDisposable
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private readonly EmptySite _factory;
    private readonly TempFolder _files = new();

    public RepairAndMergeTests(EmptySite site)
    {
        _factory = site;
        _factory.Empty();
    }

    public void Dispose() => _files.Dispose();

    private ClinicQueries Queries => _factory.Services.GetRequiredService<ClinicQueries>();

    private ImportSummary Import(string path, bool strict = false, bool saOnly = false)
    {
        using var reader = new StreamReader(path);
        return _factory.Services.GetRequiredService<ClinicImporter>().Import(FindTreatmentFormats.ReadExportCsv(reader, saOnly), strict);
    }

    [Theory]
    [InlineData(@"http://www.va.gov\directory\guide\facility.asp?ID=142&dnum=All", "http://www.va.gov/directory/guide/facility.asp?ID=142&dnum=All")]
    [InlineData("http://www,datsrecovery.org", "http://www.datsrecovery.org")]
    [InlineData("http://www. welwynn.com", "http://www.welwynn.com")]
    [InlineData("www.example.org/intake", "http://www.example.org/intake")]
    [InlineData("HTTPS://Example.org", "HTTPS://Example.org")]
    [InlineData("http://under construction", null)]
    [InlineData("http://Volunteers of America", null)]
    [InlineData("http://.", null)]
    [InlineData("http://localhost", null)]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("ftp://files.example.org", null)]
    [InlineData("http://www.example.org/a page", null)]
    public void A_website_is_repaired_only_when_there_is_one_reading_of_it(string value, string? expected)
    {
        Assert.Equal(expected, ListingRules.RepairWebsite(value));
    }

    [Fact]
    public void Every_website_in_the_real_export_is_left_as_it_is_except_backslashes_repaired_and_http_na_dropped()
    {
        using var reader = new StreamReader(Fixture("findtreatment-export-wa-sample.csv"));
        var websites = FindTreatmentFormats.ReadExportCsv(reader, false)
            .Where(r => r.Clinic?.Website is not (null or "http://"))
            .Select(r => (r.Line, Website: r.Clinic!.Website!))
            .ToList();

        Assert.True(websites.Count > 600);
        var changed = websites.Where(w => ListingRules.RepairWebsite(w.Website) != w.Website).Select(w => (w.Line, ListingRules.RepairWebsite(w.Website)));
        Assert.Equal([(374, null), (642, "http://www.va.gov/directory/guide/facility.asp?ID=142&dnum=All")], changed);
        Assert.All(websites.Select(w => ListingRules.RepairWebsite(w.Website)).OfType<string>(), once => Assert.Equal(once, ListingRules.RepairWebsite(once)));
    }

    [Fact]
    public void Bad_optional_fields_cost_the_field_never_the_facility_and_each_is_named_with_its_line()
    {
        var summary = Import(Fixture("findtreatment-export-malformed.csv"));

        Assert.True(summary.Applied);
        Assert.Equal([(17, "'ZZ' is not a US state or territory code")], summary.Rejected);
        Assert.Equal(3, summary.Merged);
        Assert.Equal((12, 0), (summary.Added, summary.Unchanged));
        Assert.Equal(12, Queries.Count());
        Assert.Equal((5, 4), (summary.Repaired, summary.Dropped));

        var va = Queries.All().Single(c => c.Name == "VA Med/Jonathan M Wainwright Mem");
        Assert.Equal("http://www.va.gov/directory/guide/facility.asp?ID=142&dnum=All", va.Website);
        Assert.Equal("http://www.datsrecovery.org", Queries.All().Single(c => c.Name == "Serenity Point Counseling Services").Website);
        Assert.Equal("http://www.welwynn.com", Queries.All().Single(c => c.Name == "Seattle Counseling Service").Website);
        Assert.Null(Queries.All().Single(c => c.Name == "Ryther").Website);
        Assert.Null(Queries.All().Single(c => c.Name == "Youth Eastside Services (YES)").Website);
        Assert.Null(Queries.All().Single(c => c.Name == "Northshore Youth and Family Services").Website);
        var squareOne = Queries.All().Single(c => c.Name == "SquareOne");
        Assert.Null(squareOne.Phone);
        Assert.Equal("Suite 2 rear entrance", Queries.All().Single(c => c.Name == "Friends of Youth").Street2);
        Assert.Equal("98104", Queries.All().Single(c => c.Name == "IKRON Corporation of Greater Seattle").Zip);

        Assert.Contains(@"line 2: website 'http://www.va.gov\directory\guide\facility.asp?ID=142&dnum=All' is not an http or https address: repaired to 'http://www.va.gov/directory/guide/facility.asp?ID=142&dnum=All'", summary.Warnings);
        Assert.Contains("line 10: website 'http://under construction' is not an http or https address: dropped", summary.Warnings);
        Assert.Contains("line 13: phone '425-412-315' is not a US phone number: dropped", summary.Warnings);
        Assert.Contains(summary.Warnings, w => w.StartsWith("line 16: ZIP '98104-1212' is a ZIP+4: repaired to '98104'", StringComparison.Ordinal));
        Assert.Contains(summary.Fixes, f => f.Fix.Field == "street2" && !f.Fix.Dropped);
        Assert.Contains("merged 3 duplicate rows; fields repaired 5, dropped 4", summary.ToString());
    }

    [Fact]
    public async Task A_person_near_Walla_Walla_finds_the_VA_again()
    {
        Import(Fixture("findtreatment-export-malformed.csv"));
        _factory.Services.GetRequiredService<ClinicIndex>().RefreshIfChanged();
        using var client = _factory.Client();

        var page = await client.GetDocumentAsync("/clinics?near=99362&radius=10");

        Assert.Contains("VA Med/Jonathan M Wainwright Mem", page.Body!.TextContent);
    }

    [Fact]
    public void Strict_keeps_the_all_or_nothing_meaning()
    {
        var summary = Import(Fixture("findtreatment-export-malformed.csv"), strict: true);

        Assert.False(summary.Applied);
        Assert.Equal(0, Queries.Count());
        Assert.Contains(summary.Rejected, r => r.Line == 2 && r.Reason.Contains("is not an http or https address", StringComparison.Ordinal));
        Assert.Contains(summary.Rejected, r => r.Line == 13 && r.Reason.Contains("not a US phone number", StringComparison.Ordinal));
        Assert.Empty(summary.Fixes);
    }

    [Fact]
    public void Rows_the_export_repeats_for_one_facility_become_one_listing_that_keeps_what_both_say()
    {
        var summary = Import(Fixture("findtreatment-export-malformed.csv"));

        var cub = Queries.All().Single(c => c.Street == "14819 East Mission Avenue");
        Assert.Equal("Cub House", cub.Name);
        Assert.Equal("509-315-9791", cub.Phone);
        Assert.Equal("509-368-9300", cub.IntakePhone);

        var seattleVa = Queries.All().Single(c => c.Street == "1660 South Columbian Way");
        Assert.Equal(("VA Puget Sound Healthcare System", "Seattle Division"), (seattleVa.Name, seattleVa.ProgramName));
        Assert.Equal(("206-764-2457", "206-764-2007", "Mail Stop S-116-ATC"), (seattleVa.Phone, seattleVa.IntakePhone, seattleVa.Street2));
        Assert.Contains(summary.Warnings, w => w.StartsWith("line 8: the same facility as line 7, merged into it; line 7's values were kept over this line's phone '206-762-1010', website 'http://www.mentalhealth.va.gov/'", StringComparison.Ordinal));

        var comprehensive = Queries.All().Single(c => c.Street == "1520 Kelly Place");
        Assert.Equal("Walla Walla Office", comprehensive.ProgramName);
    }

    [Fact]
    public void Two_programs_at_one_address_stay_two_listings()
    {
        var lines = File.ReadAllLines(Fixture("findtreatment-export-wa-sample.csv"));
        // Harborview's two units (one hospital, two phones) and Sound's Tukwila and Tukwila West programs.
        var file = _files.File("programs.csv", string.Join("\n", new[] { lines[0], lines[1], lines[2], lines[132], lines[133] }));

        var summary = Import(file);

        Assert.Equal((4, 0), (summary.Added, summary.Merged));
    }

    [Fact]
    public void Re_importing_changes_nothing_and_a_facility_imported_earlier_as_two_listings_becomes_one()
    {
        var lines = File.ReadAllLines(Fixture("findtreatment-export-wa-sample.csv"));
        // Valley Cities, Rainier Beach: "Rainier Beach Clinic" as substance use, "Rainier Beach" as mental health.
        Import(_files.File("sa.csv", lines[0] + "\n" + lines[58]));
        Import(_files.File("mh.csv", lines[0] + "\n" + lines[59]));
        Assert.Equal(2, Queries.All().Count(c => c.Status == "active"));

        var both = _files.File("both.csv", string.Join("\n", lines[0], lines[58], lines[59]));
        var merged = Import(both);
        var again = Import(both);

        Assert.Equal((0, 1), (merged.Added, merged.Merged));
        var active = Queries.All().Where(c => c.Status == "active").ToList();
        Assert.Equal("Rainier Beach Clinic", Assert.Single(active).ProgramName);
        Assert.Contains(merged.Warnings, w => w.Contains("is now hidden", StringComparison.Ordinal));
        Assert.Equal((0, 0), (again.Added, again.Updated));
    }

    [Fact]
    public void The_whole_real_export_keeps_every_facility_and_re_imports_unchanged()
    {
        var first = Import(Fixture("findtreatment-export-wa-sample.csv"));
        var again = Import(Fixture("findtreatment-export-wa-sample.csv"));

        Assert.Empty(first.Rejected);
        Assert.Equal(0, first.Unchanged);
        Assert.Equal(732, first.Added + first.Merged);
        Assert.Equal((0, 0), (again.Added, again.Updated));
        Assert.Contains(Queries.All(), c => c.Name == "VA Med/Jonathan M Wainwright Mem");
    }

    [Fact]
    public async Task Re_running_the_import_verb_recognises_every_listing_it_made()
    {
        var database = Path.Combine(_files.Path, "verb", "site.db");
        var file = Fixture("findtreatment-export-wa-sample.csv");

        var (firstExit, first) = await CliProcess.RunAsync(database, "import", "findtreatment-csv", file);
        var (againExit, again) = await CliProcess.RunAsync(database, "import", "findtreatment-csv", file);

        Assert.True(firstExit == 0, first);
        Assert.Contains("Summary: added 662, updated 0, unchanged 0, rejected 0; merged 70 duplicate rows", first);
        Assert.True(againExit == 0, again);
        Assert.Contains("Summary: added 0, updated 0, unchanged 662, rejected 0; merged 70 duplicate rows", again);
    }
}
