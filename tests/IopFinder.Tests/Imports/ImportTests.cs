using System.Text.Json;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Imports;

public sealed class ImportTests : IClassFixture<EmptySite>, IDisposable
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private readonly EmptySite _factory;
    private readonly TempFolder _files = new();

    public ImportTests(EmptySite site)
    {
        _factory = site;
        _factory.Empty();
    }

    private ClinicImporter Importer => _factory.Services.GetRequiredService<ClinicImporter>();
    private ClinicQueries Queries => _factory.Services.GetRequiredService<ClinicQueries>();

    private ImportSummary ImportLocator(string path, bool strict = false)
    {
        using var stream = File.OpenRead(path);
        return Importer.Import(FindTreatmentFormats.ReadLocatorJson(stream), strict);
    }

    private ImportSummary ImportExport(string path, bool saOnly = false, bool strict = false)
    {
        using var reader = new StreamReader(path);
        return Importer.Import(FindTreatmentFormats.ReadExportCsv(reader, saOnly), strict);
    }

    [Fact]
    public void The_locator_sample_imports_30_listings_of_which_5_offer_iop()
    {
        var summary = ImportLocator(Fixture("samhsa-locator-sample.json"));

        Assert.Equal((30, 0, 0, 0), (summary.Added, summary.Updated, summary.Unchanged, summary.Rejected.Count));
        var iop = Queries.All().Where(c => c.Offers(ClinicCodes.Care, "iop")).Select(c => c.Name).Order().ToList();
        Assert.Equal(["Addiction Allies LLC", "Empowering Families Program", "Orchard Mountain Recovery", "Region Ten Community Services Board", "Valley Community Services Board"], iop);
        Assert.All(Queries.All(), c => Assert.Equal("samhsa", c.Source));
    }

    [Fact]
    public void Locator_labels_become_codes_and_unknown_labels_are_reported()
    {
        var summary = ImportLocator(Fixture("samhsa-locator-sample.json"));

        var regionTen = Queries.All().First(c => c.Name == "Region Ten Community Services Board" && c.Offers(ClinicCodes.Care, "iop"));
        Assert.Contains("medicaid", regionTen.Codes(ClinicCodes.Pay));
        Assert.Contains("adults", regionTen.Codes(ClinicCodes.Age));
        Assert.True(regionTen.ServicesReported);
        Assert.Contains(Queries.All(), c => c.Offers(ClinicCodes.Accreditation, "joint_commission"));
        Assert.Contains(Queries.All(), c => c.Offers(ClinicCodes.Service, "mat"));
        Assert.True(summary.Unmapped.GetValueOrDefault("PAY: Community Mental Health Block Grants") > 0);
        Assert.DoesNotContain(summary.Unmapped.Keys, k => k.StartsWith("TAP:", StringComparison.Ordinal));
    }

    [Fact]
    public void Re_importing_public_data_keeps_the_schedule_and_openings_a_clinic_gave()
    {
        ImportLocator(Fixture("samhsa-locator-sample.json"));
        var listing = Queries.All().First(c => c.Offers(ClinicCodes.Care, "iop"));
        listing.IopSchedule = "Evening IOP | mon tue thu | 18:00-21:00 | in_person | english | adults";
        listing.TimeZone = "America/New_York";
        listing.OpeningsStatus = OpeningStatus.Open;
        listing.OpeningsAsOf = "2026-12-01";
        listing.OpeningsSource = OpeningsSource.Clinic;
        listing.Phone = "555-999-0000";
        Assert.Null(ListingRules.Check(listing));
        using (var connection = _factory.Services.GetRequiredService<Web.Data.Db>().Open())
        using (var transaction = Web.Data.DbTransactions.BeginWrite(connection))
        {
            ClinicQueries.Save(connection, transaction, [listing]);
            transaction.Commit();
        }

        var again = ImportLocator(Fixture("samhsa-locator-sample.json"));

        var after = Queries.All().Single(c => c.Id == listing.Id);
        Assert.Equal(1, again.Updated);
        Assert.NotEqual("555-999-0000", after.Phone);
        Assert.Equal((listing.IopSchedule, "America/New_York", OpeningStatus.Open, "2026-12-01"), (after.IopSchedule, after.TimeZone, after.OpeningsStatus, after.OpeningsAsOf));
    }

    [Fact]
    public void Re_importing_the_same_file_changes_nothing()
    {
        ImportLocator(Fixture("samhsa-locator-sample.json"));
        var before = Queries.All().Select(c => (c.Id, c.Slug, c.UpdatedAt)).ToList();

        var again = ImportLocator(Fixture("samhsa-locator-sample.json"));

        Assert.Equal((0, 0, 30), (again.Added, again.Updated, again.Unchanged));
        Assert.Equal(before, Queries.All().Select(c => (c.Id, c.Slug, c.UpdatedAt)));
    }

    [Fact]
    public async Task A_national_download_with_service_columns_gives_listings_the_iop_filter_finds()
    {
        var summary = ImportExport(Fixture("findtreatment-national-format.csv"));

        Assert.Empty(summary.Rejected);
        Assert.Single(summary.Warnings, w => w == "service columns not read (not SAMHSA codes we know): ub, dm");
        var client = _factory.CreateClient();
        var api = JsonDocument.Parse(await client.GetStringAsync("/api/v1/clinics?radius=any&care=iop&pageSize=100")).RootElement;
        var found = api.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("name").GetString()).Order().ToList();
        Assert.Equal(["Catholic Community Services", "Nua Counseling PLLC", "Seattle Counseling Service", "Valley Cities"], found);
        var page = await client.GetDocumentAsync("/clinics?radius=any&care=iop");
        Assert.Equal(4, page.QuerySelectorAll("#results li.result").Length);
        var crew = Queries.All().Single(c => c.ProgramName == "CReW Program");
        Assert.True(crew.ServicesReported);
        Assert.Equal(["spanish"], crew.Codes(ClinicCodes.Language));
        Assert.Equal(["adults", "young_adults"], crew.Codes(ClinicCodes.Age));
        var harborview = Queries.All().Single(c => c.Name == "Harborview Medical Ctr Addictions Prog");
        Assert.Equal(["otp"], harborview.Codes(ClinicCodes.Care));
        Assert.Equal(["mat", "buprenorphine"], harborview.Codes(ClinicCodes.Service));
    }

    [Fact]
    public void A_17_column_export_after_the_national_download_leaves_its_levels_of_care_alone()
    {
        ImportExport(Fixture("findtreatment-national-format.csv"));
        var seventeen = string.Join("\n", File.ReadAllLines(Fixture("findtreatment-national-format.csv")).Select(line => string.Join(",", ClinicCsvLine(line).Take(17))));
        var file = _files.File("export-17.csv", seventeen);

        var again = ImportExport(file);

        Assert.Empty(again.Rejected);
        Assert.Equal(4, Queries.All().Count(c => c.Offers(ClinicCodes.Care, "iop")));
        Assert.All(Queries.All().Where(c => c.Source == "samhsa"), c => Assert.True(c.ServicesReported));
    }

    [Fact]
    public void A_facilitys_mental_health_row_adds_its_payments_but_not_its_levels_of_care_to_the_substance_use_listing()
    {
        var lines = File.ReadAllLines(Fixture("findtreatment-national-format.csv"));
        var header = ClinicCsvLine(lines[0]);
        var sa = ClinicCsvLine(lines[1]);
        string Column(string[] row, string name) => row[Array.IndexOf(header, name)];
        Assert.Equal(("Valley Cities", "SA", "1"), (Column(sa, "name1"), Column(sa, "type_facility"), Column(sa, "oit")));
        // The same facility's mental-health row: residential and partial hospitalization, paid privately.
        var mh = sa.Select((value, i) => header[i] switch
        {
            "type_facility" => "MH", "sa" => "0", "mh" => "1", "oit" or "ort" => "0", "odt" => "1", "pi" => "1", _ => value,
        }).Append("1").ToArray();
        var file = _files.File("sa-and-mh.csv", string.Join("\n", string.Join(",", header.Append("res")), string.Join(",", sa.Append("0")), string.Join(",", mh)));

        var summary = ImportExport(file);

        Assert.Equal(1, summary.Merged);
        var listing = Assert.Single(Queries.All());
        Assert.Equal(["op", "iop"], listing.Codes(ClinicCodes.Care));
        Assert.Contains("private", listing.Codes(ClinicCodes.Pay));
    }

    /// <summary>The fields of one line of the fixture, which quotes none of them.</summary>
    private static string[] ClinicCsvLine(string line) => line.Split(',');

    [Fact]
    public void The_export_sample_imports_without_services_and_dedupes_repeated_places()
    {
        var summary = ImportExport(Fixture("findtreatment-export-wa-sample.csv"));
        var again = ImportExport(Fixture("findtreatment-export-wa-sample.csv"));

        Assert.Equal(732, summary.Added + summary.Merged + summary.Unchanged + summary.Rejected.Count);
        Assert.True(summary.Merged > 0, "places listed once per type of care are one listing");
        Assert.Equal((0, 0), (again.Added, again.Updated));
        Assert.All(Queries.All(), c =>
        {
            Assert.False(c.ServicesReported);
            Assert.Equal(0, c.CareMask);
        });
        var index = _factory.Services.GetRequiredService<ClinicIndex>();
        var iopSearch = index.Search(new ClinicQuery { Filters = new Dictionary<CodeSet, long> { [ClinicCodes.Care] = ClinicCodes.Care.Mask(["iop", "op"]) } });
        Assert.Equal(0, iopSearch.Total);
    }

    [Fact]
    public void Only_substance_use_rows_can_be_chosen()
    {
        var summary = ImportExport(Fixture("findtreatment-export-wa-sample.csv"), saOnly: true);
        var saRows = File.ReadLines(Fixture("findtreatment-export-wa-sample.csv")).Skip(1).Count(l => l.TrimEnd().EndsWith(",SA", StringComparison.Ordinal));

        Assert.Equal(saRows, summary.Added + summary.Merged + summary.Unchanged + summary.Rejected.Count);
    }

    [Fact]
    public void A_malformed_row_is_rejected_with_its_line_while_the_rest_import_and_strict_imports_nothing()
    {
        var lines = File.ReadAllLines(Fixture("findtreatment-export-wa-sample.csv"));
        lines[4] = lines[4].Replace(",WA,", ",ZZ,", StringComparison.Ordinal);
        lines[6] = lines[6].Replace("47.6", "147.6", StringComparison.Ordinal);
        var broken = _files.File("broken.csv", string.Join("\n", lines.Take(20)));

        var strict = ImportExport(broken, strict: true);
        Assert.False(strict.Applied);
        Assert.Equal(0, Queries.Count());

        var lenient = ImportExport(broken);
        Assert.Contains(lenient.Rejected, r => r.Line == 5 && r.Reason.Contains("'ZZ'"));
        Assert.Contains(lenient.Rejected, r => r.Line == 7 && r.Reason.Contains("latitude"));
        Assert.Equal(19 - lenient.Rejected.Count, lenient.Added + lenient.Merged + lenient.Unchanged);
        Assert.Equal(lenient.Added, Queries.Count());
    }

    [Theory]
    [InlineData("samhsa-json", "findtreatment-export-wa-sample.csv", "not JSON")]
    [InlineData("samhsa-json", "plain.json", "no \"rows\" array")]
    [InlineData("findtreatment-csv", "samhsa-locator-sample.json", "not a FindTreatment.gov export")]
    [InlineData("csv", "findtreatment-export-wa-sample.csv", "not an IopFinder CSV file")]
    public void A_file_in_another_format_gets_one_clear_error(string format, string file, string message)
    {
        var path = file == "plain.json" ? _files.File("plain.json", "{\"hello\": 1}") : Fixture(file);

        var exception = Assert.Throws<ImportFormatException>(() =>
        {
            using var stream = File.OpenRead(path);
            using var reader = new StreamReader(stream);
            _ = format switch
            {
                "samhsa-json" => FindTreatmentFormats.ReadLocatorJson(stream).ToList(),
                "findtreatment-csv" => FindTreatmentFormats.ReadExportCsv(reader, false).ToList(),
                _ => ClinicCsv.Read(reader).ToList(),
            };
        });

        Assert.Contains(message, exception.Message);
        Assert.Equal(0, Queries.Count());
    }

    [Fact]
    public void Our_csv_round_trips_byte_for_byte()
    {
        ImportLocator(Fixture("samhsa-locator-sample.json"));
        Importer.Import(DemoSeeder.Generate(200, 5, _factory.Services.GetRequiredService<IopFinder.Web.Places.PlaceDirectory>())
            .Select((c, i) => new ImportRow(i + 1, c, null, []) { Key = c.Slug }), strict: true, ImportMode.OwnCsv);
        var first = Export(Queries);

        using var empty = new SiteFactory { DemoClinics = 0 };
        var importer = empty.Services.GetRequiredService<ClinicImporter>();
        var summary = importer.Import(ClinicCsv.Read(new StringReader(first)), strict: true, ImportMode.OwnCsv);
        var second = Export(empty.Services.GetRequiredService<ClinicQueries>());

        Assert.Equal(230, summary.Added);
        Assert.Equal(first, second);
        Assert.Equal(230, importer.Import(ClinicCsv.Read(new StringReader(first)), strict: true, ImportMode.OwnCsv).Unchanged);
    }

    private static string Export(ClinicQueries queries)
    {
        var writer = new StringWriter();
        ClinicCsv.Write(writer, queries.All());
        return writer.ToString();
    }

    public void Dispose() => _files.Dispose();
}
