using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;

namespace IopFinder.Web.Hsds;

/// <summary>
/// HSDS tabular data packages: <c>datapackage.json</c> and one CSV per table, tables and columns as Open Referral's
/// <c>tabular.json</c> defines them (plus our <c>iopfinder_…</c> columns). Export writes each listing's full service
/// flattened into the tables, streaming; import assembles the tables back into full services for
/// <see cref="HsdsReader"/>, so JSON and tables are read by one mapping.
/// </summary>
public static class HsdsPackage
{
    /// <summary>A table: its name, file and columns with their Frictionless types.</summary>
    public sealed record Table(string Name, string Path, IReadOnlyList<(string Name, string Type)> Columns);

    /// <summary>Which nested property of a full service becomes which table.</summary>
    private static readonly Dictionary<string, string> ChildTables = new()
    {
        ["organization"] = "organization",
        ["phones"] = "phone",
        ["schedules"] = "schedule",
        ["languages"] = "language",
        ["attributes"] = "attribute",
        ["taxonomy_term"] = "taxonomy_term",
        ["service_at_locations"] = "service_at_location",
        ["location"] = "location",
        ["addresses"] = "address",
    };

    private static readonly string[] Written = ["organization", "service", "location", "address", "service_at_location", "phone", "schedule", "language", "attribute", "taxonomy", "taxonomy_term"];

    // Declared before Tables: static fields initialise in the order they are written.
    private static readonly (string, string)[] ServiceExtensions =
    [
        .. new[] { "slug", "listing_url", "source", "source_id", "updated_at", "accepting", "openings_status", "openings_next_start", "openings_as_of", "openings_source", "time_zone", "other_languages" }
            .Select(n => (HsdsWriter.Extension + n, "string")),
        .. new[] { "demo", "claimed", "services_reported", "iop_day", "iop_evening", "iop_weekend", "iop_telehealth" }.Select(n => (HsdsWriter.Extension + n, "boolean")),
        .. new[] { "openings_wait_weeks", "iop_length_weeks" }.Select(n => (HsdsWriter.Extension + n, "integer")),
        (HsdsWriter.Extension + "iop_hours_per_week", "number"),
    ];

    /// <summary>The standard's tables (from the embedded tabular.json), with our extension columns on services and schedules.</summary>
    public static readonly IReadOnlyDictionary<string, Table> Tables = LoadTables();

    private static Dictionary<string, Table> LoadTables()
    {
        using var stream = typeof(HsdsPackage).Assembly.GetManifestResourceStream("IopFinder.Web.Hsds.tabular.json")!;
        using var document = JsonDocument.Parse(stream);
        var tables = new Dictionary<string, Table>();
        foreach (var table in document.RootElement.GetProperty("properties").EnumerateObject())
        {
            var items = table.Value.GetProperty("items");
            var columns = items.GetProperty("properties").EnumerateObject()
                .Where(p => p.Value.GetProperty("type").GetString() != "array")
                .Select(p => (p.Name, p.Value.GetProperty("type").GetString() ?? "string"))
                .ToList();
            if (table.Name == "service")
            {
                columns.AddRange(ServiceExtensions);
            }
            else if (table.Name == "schedule")
            {
                columns.AddRange([(HsdsWriter.Extension + "languages", "string"), (HsdsWriter.Extension + "for", "string")]);
            }

            tables[table.Name] = new Table(table.Name, items.GetProperty("path").GetString()!, columns);
        }

        return tables;
    }

    /// <summary>Writes every listing given into <paramref name="folder"/> as a data package; returns how many.</summary>
    public static int Export(string folder, IEnumerable<Clinic> clinics, HsdsWriter writer)
    {
        Directory.CreateDirectory(folder);
        var writers = Written.ToDictionary(t => t, t =>
        {
            var text = new StreamWriter(Path.Combine(folder, Tables[t].Path), append: false, new UTF8Encoding(false));
            var csv = CsvWriter.Create(text, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: false);
            csv.WriteRecord(Tables[t].Columns.Select(c => c.Name).ToArray());
            return csv;
        });
        try
        {
            foreach (var taxonomy in HsdsTaxonomies.All)
            {
                WriteRow(writers, "taxonomy", new JsonObject { ["id"] = taxonomy.Id, ["name"] = taxonomy.Name, ["description"] = taxonomy.Description });
            }

            var termsWritten = new HashSet<string>(StringComparer.Ordinal);
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            var count = 0;
            foreach (var clinic in clinics)
            {
                buffer.ResetWrittenCount();
                using (var json = new Utf8JsonWriter(buffer))
                {
                    writer.Service(json, clinic, full: true);
                }

                Flatten((JsonObject)JsonNode.Parse(buffer.WrittenSpan)!, "service", writers, termsWritten);
                count++;
            }

            WriteDescriptor(folder);
            return count;
        }
        finally
        {
            foreach (var csv in writers.Values)
            {
                csv.Dispose();
            }
        }
    }

    private static void Flatten(JsonObject node, string table, Dictionary<string, CsvWriter> writers, HashSet<string> termsWritten)
    {
        foreach (var (name, value) in node)
        {
            if (!ChildTables.TryGetValue(name, out var child))
            {
                continue;
            }

            foreach (var item in value is JsonArray array ? array.OfType<JsonObject>() : value is JsonObject one ? [one] : [])
            {
                if (child == "taxonomy_term" && !termsWritten.Add(HsdsReader.Str(item["id"]) ?? ""))
                {
                    continue;
                }

                Flatten(item, child, writers, termsWritten);
            }
        }

        WriteRow(writers, table, node);
    }

    private static void WriteRow(Dictionary<string, CsvWriter> writers, string table, JsonObject node) =>
        writers[table].WriteRecord(Tables[table].Columns.Select(c => HsdsReader.Str(node[c.Name]) ?? "").ToArray());

    private static void WriteDescriptor(string folder)
    {
        var descriptor = new
        {
            name = "iopfinder-directory",
            title = "IopFinder directory of treatment programs (HSDS 3.0)",
            profile = "tabular-data-package",
            version = HsdsWriter.Version,
            created = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            resources = Written.Select(t => new
            {
                name = t,
                path = Tables[t].Path,
                profile = "tabular-data-resource",
                format = "csv",
                mediatype = "text/csv",
                encoding = "utf-8",
                schema = new
                {
                    fields = Tables[t].Columns.Select(c => new { name = c.Name, type = c.Type }),
                    primaryKey = "id",
                },
            }),
        };
        File.WriteAllText(Path.Combine(folder, "datapackage.json"), JsonSerializer.Serialize(descriptor, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// The full services of a data package (<paramref name="path"/> is its folder or its datapackage.json): tables read
    /// whole, children joined to their parents by the standard's id columns. Tables the package lacks are empty.
    /// </summary>
    public static IEnumerable<JsonObject> ReadServices(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var files = Files(folder);
        if (!files.ContainsKey("service"))
        {
            throw new ImportFormatException($"this is not an HSDS data package: there is no {Tables["service"].Path} in {folder}");
        }

        var rows = files.ToDictionary(f => f.Key, f => ReadTable(f.Value, Tables[f.Key]));
        List<JsonObject> T(string table) => rows.GetValueOrDefault(table) ?? [];
        ILookup<string, JsonObject> By(string table, string column) => T(table).Where(r => HsdsReader.Str(r[column]) is not null).ToLookup(r => HsdsReader.Str(r[column])!);
        var organizations = T("organization").Where(o => HsdsReader.Str(o["id"]) is not null).GroupBy(o => HsdsReader.Str(o["id"])!).ToDictionary(g => g.Key, g => g.First());
        var locations = T("location").Where(o => HsdsReader.Str(o["id"]) is not null).GroupBy(o => HsdsReader.Str(o["id"])!).ToDictionary(g => g.Key, g => g.First());
        var terms = T("taxonomy_term").Where(o => HsdsReader.Str(o["id"]) is not null).GroupBy(o => HsdsReader.Str(o["id"])!).ToDictionary(g => g.Key, g => g.First());
        var taxonomies = T("taxonomy").Where(o => HsdsReader.Str(o["id"]) is not null).GroupBy(o => HsdsReader.Str(o["id"])!).ToDictionary(g => g.Key, g => g.First());
        var phones = (Service: By("phone", "service_id"), Location: By("phone", "location_id"), Organization: By("phone", "organization_id"), At: By("phone", "service_at_location_id"));
        var schedules = By("schedule", "service_id");
        var languages = (Service: By("language", "service_id"), Location: By("language", "location_id"));
        var attributes = By("attribute", "link_id");
        var addresses = By("address", "location_id");
        var at = By("service_at_location", "service_id");

        JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i.DeepClone()).ToArray());
        JsonArray Attributes(string id) => new(attributes[id].Select(a =>
        {
            var copy = (JsonObject)a.DeepClone();
            if (HsdsReader.Str(a["taxonomy_term_id"]) is { } termId && terms.TryGetValue(termId, out var term))
            {
                var t = (JsonObject)term.DeepClone();
                if (HsdsReader.Str(t["taxonomy"]) is null && HsdsReader.Str(t["taxonomy_id"]) is { } taxonomyId && taxonomies.TryGetValue(taxonomyId, out var taxonomy))
                {
                    t["taxonomy"] = HsdsReader.Str(taxonomy["name"]);
                }

                copy["taxonomy_term"] = t;
            }

            return (JsonNode)copy;
        }).ToArray());

        foreach (var row in T("service"))
        {
            var service = (JsonObject)row.DeepClone();
            var id = HsdsReader.Str(service["id"]) ?? "";
            if (HsdsReader.Str(service["organization_id"]) is { } organizationId && organizations.TryGetValue(organizationId, out var organization))
            {
                var copy = (JsonObject)organization.DeepClone();
                copy["phones"] = Array(phones.Organization[organizationId].Where(p => HsdsReader.Str(p["service_id"]) is null));
                service["organization"] = copy;
            }

            service["phones"] = Array(phones.Service[id]);
            service["schedules"] = Array(schedules[id]);
            service["languages"] = Array(languages.Service[id]);
            service["attributes"] = Attributes(id);
            service["service_at_locations"] = new JsonArray(at[id].Select(sal =>
            {
                var copy = (JsonObject)sal.DeepClone();
                var salId = HsdsReader.Str(sal["id"]) ?? "";
                copy["phones"] = Array(phones.At[salId]);
                copy["attributes"] = Attributes(salId);
                if (HsdsReader.Str(sal["location_id"]) is { } locationId && locations.TryGetValue(locationId, out var location))
                {
                    var l = (JsonObject)location.DeepClone();
                    l["addresses"] = Array(addresses[locationId]);
                    l["phones"] = Array(phones.Location[locationId].Where(p => HsdsReader.Str(p["service_id"]) is null));
                    l["languages"] = Array(languages.Location[locationId].Where(p => HsdsReader.Str(p["service_id"]) is null));
                    copy["location"] = l;
                }

                return (JsonNode)copy;
            }).ToArray());
            yield return service;
        }
    }

    /// <summary>The package's tables and their files: from datapackage.json when there is one, else the standard file names.</summary>
    private static Dictionary<string, string> Files(string folder)
    {
        var files = new Dictionary<string, string>();
        var descriptor = Path.Combine(folder, "datapackage.json");
        if (File.Exists(descriptor))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(descriptor));
                foreach (var resource in document.RootElement.GetProperty("resources").EnumerateArray())
                {
                    if (resource.TryGetProperty("name", out var name) && resource.TryGetProperty("path", out var file) &&
                        name.GetString() is { } n && Tables.ContainsKey(n) && file.GetString() is { } f)
                    {
                        var full = Path.GetFullPath(Path.Combine(folder, f));
                        if (!full.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal))
                        {
                            throw new ImportFormatException($"datapackage.json names a file outside the package: {f}");
                        }

                        files[n] = full;
                    }
                }
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new ImportFormatException($"datapackage.json could not be read ({exception.Message})");
            }
        }

        foreach (var table in Tables.Values)
        {
            var standard = Path.Combine(folder, table.Path);
            if (!files.ContainsKey(table.Name) && File.Exists(standard))
            {
                files[table.Name] = standard;
            }
        }

        return files.Where(f => File.Exists(f.Value)).ToDictionary();
    }

    /// <summary>A table's rows as objects: numbers where the standard says number, the rest as text, blanks left out.</summary>
    private static List<JsonObject> ReadTable(string file, Table table)
    {
        using var reader = new StreamReader(file);
        using var csv = CsvReader.Create(reader, ClinicCsv.ReaderOptions(), leaveOpen: true);
        if (!csv.Read())
        {
            return [];
        }

        var header = ClinicCsv.Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var types = table.Columns.ToDictionary(c => c.Name, c => c.Type);
        var rows = new List<JsonObject>();
        while (csv.Read())
        {
            var fields = ClinicCsv.Fields(csv);
            var row = new JsonObject();
            for (var i = 0; i < header.Length && i < fields.Length; i++)
            {
                if (fields[i].Length == 0)
                {
                    continue;
                }

                row[header[i]] = types.GetValueOrDefault(header[i]) == "number" && double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(fields[i]);
            }

            rows.Add(row);
        }

        return rows;
    }
}
