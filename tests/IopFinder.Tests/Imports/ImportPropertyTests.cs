using System.Globalization;
using System.Text;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Imports;

/// <summary>
/// Over generated export files: every facility with at least one row whose required fields are valid
/// becomes exactly one listing, whatever its optional fields hold and however the export repeats it.
/// </summary>
public sealed class ImportPropertyTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 0 };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

    private static readonly string[] Names = ["Harbor Recovery Center", "Summit Counseling", "Cub House", "New Leaf Services", "Evergreen Treatment Services", "Pioneer Human Services"];
    private static readonly string[] Programs = ["NA", "Outpatient Services", "Youth and Family Program", "Main Office"];
    private static readonly string[] Websites = ["NA", "http://", "http://www.example.org", @"http://www.example.org\a\b.asp?ID=1", "http://www,example.org", "http://www. example.org", "http://under construction", "http://Volunteers of America", "http://.", "www.example.org", "http://na"];
    private static readonly string[] Street2s = ["NA", "Suite 100", "Suite 2\nrear entrance", "Floor\t3"];

    private sealed record Facility(string Name, string Program, string Street, string City, string Zip, string Phone, double Latitude, double Longitude);

    [Fact]
    public void No_facility_with_a_valid_row_is_lost_and_none_is_listed_twice()
    {
        var random = new Random(20261123);
        var importer = _factory.Services.GetRequiredService<ClinicImporter>();
        var queries = _factory.Services.GetRequiredService<ClinicQueries>();
        var checkedFiles = 0;
        for (var file = 0; file < 60; file++)
        {
            var facilities = new List<Facility>();
            var rows = new List<(Facility Facility, string[] Fields, bool ValidRequired)>();
            var count = random.Next(1, 10);
            for (var f = 0; f < count; f++)
            {
                // Some facilities share an address with the one before: two programs in one building, with their own names and phones.
                var street = f > 0 && random.Next(4) == 0 ? facilities[^1].Street : $"{file * 100 + f} Pine Street";
                var name = Names.Where(n => !facilities.Any(o => o.Street == street && o.Name == n)).ElementAt(random.Next(Names.Length - facilities.Count(o => o.Street == street)));
                var facility = new Facility(name, Programs[random.Next(Programs.Length)], street, "Spokane", "99201",
                    $"509-555-{1000 + file * 10 + f:D4}", 47.65 + random.NextDouble() / 10, -117.42 + random.NextDouble() / 10);
                facilities.Add(facility);
                foreach (var _ in Enumerable.Range(0, random.Next(1, 4)))
                {
                    var (fields, valid) = Row(facility, random);
                    rows.Add((facility, fields, valid));
                }
            }

            rows = [.. rows.OrderBy(_ => random.Next())];
            var expected = rows.Where(r => r.ValidRequired).Select(r => r.Facility).Distinct().Count();
            var before = queries.Count();

            var summary = importer.Import(FindTreatmentFormats.ReadExportCsv(new StringReader(Csv(rows.Select(r => r.Fields))), false), strict: false);

            Assert.True(summary.Applied);
            Assert.Equal(rows.Count(r => !r.ValidRequired), summary.Rejected.Count);
            Assert.True(expected == queries.Count() - before, $"file {file}: expected {expected} listings, got {queries.Count() - before}\n{Csv(rows.Select(r => r.Fields))}\n{string.Join("\n", summary.Warnings)}");
            checkedFiles++;
        }

        Assert.Equal(60, checkedFiles);
        Assert.All(queries.All(), c => Assert.Null(ClinicImporter.Validate(c.Copy(), [], 0)));
    }

    /// <summary>One row of the facility as the export might write it, and whether its required fields are valid.</summary>
    private static (string[] Fields, bool ValidRequired) Row(Facility f, Random random)
    {
        var (name, program) = random.Next(4) switch
        {
            0 when f.Program != "NA" => (f.Program, f.Name),
            1 => (f.Name.Replace(" ", "", StringComparison.Ordinal), f.Program),
            _ => (f.Name, f.Program),
        };
        string state = "WA", zip = random.Next(6) == 0 ? f.Zip + "-1234" : f.Zip, latitude = f.Latitude.ToString(CultureInfo.InvariantCulture);
        var valid = true;
        switch (random.Next(8))
        {
            case 0: state = "ZZ"; valid = false; break;
            case 1: zip = "9920"; valid = false; break;
            case 2: latitude = "147.7"; valid = false; break;
            case 3: name = "NA"; valid = false; break;
        }

        var phone = random.Next(5) == 0 ? "509-555-01" : f.Phone;
        string[] fields =
        [
            name, program, f.Street, Street2s[random.Next(Street2s.Length)], f.City, state, zip, "NA", "Spokane", phone, "Intake",
            random.Next(3) == 0 ? "509-555-99" : "NA", random.Next(2) == 0 ? "509-555-0000" : "NA", Websites[random.Next(Websites.Length)],
            latitude, f.Longitude.ToString(CultureInfo.InvariantCulture), random.Next(2) == 0 ? "SA" : "MH",
        ];
        return (fields, valid);
    }

    private static string Csv(IEnumerable<string[]> rows)
    {
        var text = new StringBuilder("name1,name2,street1,street2,city,state,zip,zip4,county,phone,intake_prompt,intake1,intake2,website,latitude,longitude,type_facility\n");
        foreach (var row in rows)
        {
            text.AppendLine(string.Join(",", row.Select(v => v.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{v.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : v)));
        }

        return text.ToString();
    }
}
