using Dapper;
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
        Assert.Contains(summary.Merges, m => m.StartsWith("line 7: kept 'VA Puget Sound Healthcare System, Seattle Division'; merged line 8", StringComparison.Ordinal));
        Assert.Contains(summary.Warnings, w => w.StartsWith("line 8: merged into line 7, whose values were kept over this line's phone '206-762-1010', website 'http://www.mentalhealth.va.gov/'", StringComparison.Ordinal));

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

    /// <summary>
    /// The audit's cases (issue 38), each as two or three rows of the export's format. The names are those the
    /// audit quotes from the national export; the addresses, phones and coordinates are made up for the test
    /// (the national file is not in the repository), keeping what the audit says about them: one address, and
    /// the phones alike or not as stated.
    /// </summary>
    public static TheoryData<string, string[], int> AuditCases() => new()
    {
        { "teen phases, both substance use", ["Caron Treatment Centers,Teen Phase I Services,243 N Galen Hall Rd,NA,Wernersville,PA,19565,NA,Berks,800-854-6023,NA,NA,NA,NA,40.33,-76.08,SA", "Caron Treatment Centers,Teen Phase II Services,243 N Galen Hall Rd,NA,Wernersville,PA,19565,NA,Berks,800-854-6023,NA,NA,NA,NA,40.33,-76.08,SA"], 2 },
        { "adult phases, one of each type", ["Caron Treatment Centers,Adult Phase I,243 N Galen Hall Rd,NA,Wernersville,PA,19565,NA,Berks,800-854-6023,NA,NA,NA,NA,40.33,-76.08,SA", "Caron Treatment Centers,Adult Phase II,243 N Galen Hall Rd,NA,Wernersville,PA,19565,NA,Berks,800-854-6023,NA,NA,NA,NA,40.33,-76.08,MH"], 2 },
        { "outpatient and inpatient", ["River Source Treatment Center,Outpatient Services,3180 E Ray Rd,NA,Gilbert,AZ,85296,NA,Maricopa,480-827-0322,NA,NA,NA,NA,33.32,-111.73,SA", "River Source Treatment Center,Inpatient Services,3180 E Ray Rd,NA,Gilbert,AZ,85296,NA,Maricopa,480-827-0322,NA,NA,NA,NA,33.32,-111.73,MH"], 2 },
        { "an organisation's bare row beside two of its programs", ["Pathways Inc,NA,3701 Landsdowne Dr,NA,Ashland,KY,41102,NA,Boyd,606-329-8588,NA,NA,NA,NA,38.46,-82.64,MH", "Pathways Inc,Boyd County Outpatient,3701 Landsdowne Dr,NA,Ashland,KY,41102,NA,Boyd,606-329-8588,NA,NA,NA,NA,38.46,-82.64,SA", "Pathways Inc,Crisis Residential Recovery Unit East,3701 Landsdowne Dr,NA,Ashland,KY,41102,NA,Boyd,606-329-8588,NA,NA,NA,NA,38.46,-82.64,SA"], 3 },
        { "another extension is another phone", ["McKinley Hall,NA,2624 Lexington Ave,NA,Springfield,OH,45505,NA,Clark,937-328-5300 x0,NA,NA,NA,NA,39.94,-83.79,SA", "McKinley Hall,Mens Residential Program,2624 Lexington Ave,NA,Springfield,OH,45505,NA,Clark,937-328-5300 x222,NA,NA,NA,NA,39.94,-83.79,MH"], 2 },
        { "an abbreviation, same phone", ["Pend Oreille County Counseling Servs,NA,105 S Garden Ave,NA,Newport,WA,99156,NA,Pend Oreille,509-447-5651,NA,NA,NA,NA,48.18,-117.04,SA", "Pend Oreille County Counseling Service,NA,105 S Garden Ave,NA,Newport,WA,99156,NA,Pend Oreille,509-447-5651,NA,NA,NA,NA,48.18,-117.04,MH"], 1 },
        { "every word of one name in the other, same phone", ["John Muir Behavioral Health Center,NA,2740 Grant St,NA,Concord,CA,94520,NA,Contra Costa,925-674-4100,NA,NA,NA,NA,37.97,-122.03,SA", "John Muir Health,Behavioral Health Center,2740 Grant St,NA,Concord,CA,94520,NA,Contra Costa,925-674-4100,NA,NA,NA,NA,37.97,-122.03,MH"], 1 },
    };

    [Theory]
    [MemberData(nameof(AuditCases))]
    public void Rows_merge_only_when_they_are_surely_one_facility(string @case, string[] rows, int listings)
    {
        var header = File.ReadLines(Fixture("findtreatment-export-wa-sample.csv")).First();

        var summary = Import(_files.File("case.csv", string.Join("\n", rows.Prepend(header))));

        Assert.True(listings == Queries.All().Count(c => c.Status == "active"), $"{@case}: {string.Join(" | ", summary.Merges.Concat(summary.Warnings))}");
        Assert.Equal(rows.Length - listings, summary.Merged);
        Assert.Equal(rows.Length - listings, summary.Merges.Count);
        Assert.All(summary.Merges, m => Assert.Contains(" because ", m));
    }

    [Fact]
    public void A_row_alike_to_two_others_is_kept_apart_and_named_for_checking()
    {
        var header = File.ReadLines(Fixture("findtreatment-export-wa-sample.csv")).First();
        var pathways = (string[])AuditCases().Single(c => (string)c[0] == "an organisation's bare row beside two of its programs")[1];

        var summary = Import(_files.File("pathways.csv", string.Join("\n", pathways.Prepend(header))));

        Assert.Contains(summary.Warnings, w => w.StartsWith("line 2: 'Pathways Inc' is alike to lines 3, 4 at the same address; kept apart", StringComparison.Ordinal));
    }

    [Fact]
    public void A_merge_that_drops_a_program_name_or_an_extension_says_so()
    {
        var header = File.ReadLines(Fixture("findtreatment-export-wa-sample.csv")).First();
        var rows = new[]
        {
            "Valley Clinic,Day Program,10 Main St,Suite 2,Yakima,WA,98901,NA,Yakima,509-555-0100,NA,NA,NA,NA,46.6,-120.5,SA",
            "Valley Clinic,Day Programs,10 Main St,Floor 3,Yakima,WA,98901,NA,Yakima,509-555-0100,NA,NA,NA,NA,46.6,-120.5,MH",
        };

        var summary = Import(_files.File("dropped.csv", string.Join("\n", rows.Prepend(header))));

        Assert.Equal(1, summary.Merged);
        var warning = Assert.Single(summary.Warnings, w => w.Contains("merged into line", StringComparison.Ordinal));
        Assert.Contains("program name 'Day Programs'", warning);
        Assert.Contains("second address line 'Floor 3'", warning);
    }

    [Fact]
    public void Re_importing_with_these_rules_splits_a_wrongly_merged_listing_and_keeps_its_history_on_the_listing_that_stays()
    {
        // A site of its own: the listing gets staff and audit entries, which the shared empty site could not delete.
        using var site = new SiteFactory { DemoClinics = 0 };
        var importer = site.Services.GetRequiredService<ClinicImporter>();
        var queries = site.Services.GetRequiredService<ClinicQueries>();
        var header = File.ReadLines(Fixture("findtreatment-export-wa-sample.csv")).First();
        var river = (string[])AuditCases().Single(c => (string)c[0] == "outpatient and inpatient")[1];
        // As the old rules stored it: one listing, under the substance-use row's key.
        importer.Import(FindTreatmentFormats.ReadExportCsv(new StringReader(header + "\n" + river[0]), false), strict: false);
        var kept = queries.All().Single();
        var staff = site.CreateUser("river@clinic.example.org", "clinic", kept.Id);
        site.Services.GetRequiredService<IopFinder.Web.Portal.Audit>().Record(staff.Id, "confirmed-accurate", kept.Id, "before the re-import");

        var summary = importer.Import(FindTreatmentFormats.ReadExportCsv(new StringReader(string.Join("\n", river.Prepend(header))), false), strict: false);

        var listings = queries.All().Where(c => c.Status == "active").ToList();
        Assert.Equal(2, listings.Count);
        Assert.Equal((1, 0), (summary.Added, summary.Merged));
        var stays = Assert.Single(listings, c => c.Id == kept.Id);
        Assert.Equal("Outpatient Services", stays.ProgramName);
        Assert.True(stays.Claimed);
        Assert.Contains(listings, c => c.ProgramName == "Inpatient Services");
        Assert.True(site.Services.GetRequiredService<IopFinder.Web.Portal.ListingEdits>().IsStaff(staff.Id, kept.Id));
        using var connection = site.Services.GetRequiredService<IopFinder.Web.Data.Db>().Open();
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT count(*) FROM audit_log WHERE clinic_id = @id AND details = 'before the re-import'", new { id = kept.Id }));
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
        Assert.Contains("Summary: added 650, updated 0, unchanged 0, rejected 0; merged 82 duplicate rows", first);
        var report = System.Text.RegularExpressions.Regex.Match(first, "Every merge, warning and repair: (.+)").Groups[1].Value.Trim();
        var merges = File.ReadAllLines(report).SkipWhile(l => !l.StartsWith("## Merged rows", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.Equal(82, merges.Count);
        Assert.All(merges, m => Assert.Matches(@"^line \d+: kept '.+'; merged line \d+ '.+' into it because ", m));
        File.Delete(report);
        Assert.True(againExit == 0, again);
        Assert.Contains("Summary: added 0, updated 0, unchanged 650, rejected 0; merged 82 duplicate rows", again);
    }
}
