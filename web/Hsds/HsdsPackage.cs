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
    /// whole as compact rows, children joined to their parents by the standard's id columns, and each service built as
    /// an object only when it is read. Tables the package lacks are empty.
    /// </summary>
    public static IEnumerable<JsonObject> ReadServices(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var files = Files(folder);
        if (!files.ContainsKey("service"))
        {
            throw new ImportFormatException($"this is not an HSDS data package: there is no {Tables["service"].Path} in {folder}");
        }

        // An attribute's own id is never read, and there are many of them: not keeping it saves a string a row.
        var tables = files.ToDictionary(f => f.Key, f => Rows.Read(f.Value, Tables[f.Key], f.Key == "attribute" ? "id" : null));
        Rows T(string table) => tables.GetValueOrDefault(table) ?? Rows.Empty;
        var organizations = T("organization").ById();
        var locations = T("location").ById();
        var terms = T("taxonomy_term").ById();
        var taxonomies = T("taxonomy").ById();
        var phones = T("phone");
        var (phonesOfService, phonesOfLocation, phonesOfOrganization, phonesAt) = (phones.By("service_id"), phones.By("location_id"), phones.By("organization_id"), phones.By("service_at_location_id"));
        var schedules = T("schedule").By("service_id");
        var (languagesOfService, languagesOfLocation) = (T("language").By("service_id"), T("language").By("location_id"));
        var attributes = T("attribute").By("link_id");
        var addresses = T("address").By("location_id");
        var at = T("service_at_location").By("service_id");

        static JsonArray Array(IEnumerable<JsonObject> items) => new(items.Select(i => (JsonNode)i).ToArray());
        JsonArray Attributes(string id) => Array(attributes[id].Select(a =>
        {
            var attribute = T("attribute").Object(a);
            if (HsdsReader.Str(attribute["taxonomy_term_id"]) is { } termId && terms.TryGetValue(termId, out var termRow))
            {
                var term = T("taxonomy_term").Object(termRow);
                if (HsdsReader.Str(term["taxonomy"]) is null && HsdsReader.Str(term["taxonomy_id"]) is { } taxonomyId && taxonomies.TryGetValue(taxonomyId, out var taxonomy))
                {
                    term["taxonomy"] = T("taxonomy").Value(taxonomy, "name");
                }

                attribute["taxonomy_term"] = term;
            }

            return attribute;
        }));
        bool Unlinked(string?[] row, string column) => phones.Value(row, column) is null;

        foreach (var row in T("service").All)
        {
            var service = T("service").Object(row);
            var id = HsdsReader.Str(service["id"]) ?? "";
            if (HsdsReader.Str(service["organization_id"]) is { } organizationId && organizations.TryGetValue(organizationId, out var organizationRow))
            {
                var organization = T("organization").Object(organizationRow);
                organization["phones"] = Array(phonesOfOrganization[organizationId].Where(p => Unlinked(p, "service_id")).Select(phones.Object));
                service["organization"] = organization;
            }

            service["phones"] = Array(phonesOfService[id].Select(phones.Object));
            service["schedules"] = Array(schedules[id].Select(T("schedule").Object));
            service["languages"] = Array(languagesOfService[id].Select(T("language").Object));
            service["attributes"] = Attributes(id);
            service["service_at_locations"] = Array(at[id].Select(salRow =>
            {
                var sal = T("service_at_location").Object(salRow);
                var salId = HsdsReader.Str(sal["id"]) ?? "";
                sal["phones"] = Array(phonesAt[salId].Select(phones.Object));
                sal["attributes"] = Attributes(salId);
                if (HsdsReader.Str(sal["location_id"]) is { } locationId && locations.TryGetValue(locationId, out var locationRow))
                {
                    var location = T("location").Object(locationRow);
                    location["addresses"] = Array(addresses[locationId].Select(T("address").Object));
                    location["phones"] = Array(phonesOfLocation[locationId].Where(p => Unlinked(p, "service_id")).Select(phones.Object));
                    location["languages"] = Array(languagesOfLocation[locationId].Where(l => T("language").Value(l, "service_id") is null).Select(T("language").Object));
                    sal["location"] = location;
                }

                return sal;
            }));
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

    /// <summary>
    /// One table's rows as arrays of text, values repeated down a column (a service's id on each of its attributes,
    /// a term's id on every service that has it) kept once: a package of 100,000 listings has millions of rows.
    /// </summary>
    private sealed class Rows
    {
        public static readonly Rows Empty = new([], new Dictionary<string, string>(), []);

        private readonly string[] _header;
        private readonly Dictionary<string, int> _index;
        private readonly Dictionary<string, string> _types;

        private Rows(string[] header, Dictionary<string, string> types, List<string?[]> rows)
        {
            _header = header;
            _types = types;
            _index = header.Select((h, i) => (h, i)).GroupBy(p => p.h).ToDictionary(g => g.Key, g => g.First().i);
            All = rows;
        }

        public List<string?[]> All { get; }

        public string? Value(string?[] row, string column) => _index.TryGetValue(column, out var i) && i < row.Length ? row[i] : null;

        public ILookup<string, string?[]> By(string column) => All.Where(r => Value(r, column) is not null).ToLookup(r => Value(r, column)!);

        public Dictionary<string, string?[]> ById() => All.Where(r => Value(r, "id") is not null).GroupBy(r => Value(r, "id")!).ToDictionary(g => g.Key, g => g.First());

        /// <summary>A row as an object: numbers where the standard says number, the rest as text, blanks left out.</summary>
        public JsonObject Object(string?[] row)
        {
            var item = new JsonObject();
            for (var i = 0; i < _header.Length && i < row.Length; i++)
            {
                if (row[i] is not { } text)
                {
                    continue;
                }

                item[_header[i]] = _types.GetValueOrDefault(_header[i]) == "number" && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? JsonValue.Create(number)
                    : JsonValue.Create(text);
            }

            return item;
        }

        public static Rows Read(string file, Table table, string? skipColumn)
        {
            using var reader = new StreamReader(file);
            using var csv = CsvReader.Create(reader, ClinicCsv.ReaderOptions(), leaveOpen: true);
            var types = table.Columns.ToDictionary(c => c.Name, c => c.Type);
            if (!csv.Read())
            {
                return new Rows([], types, []);
            }

            var header = ClinicCsv.Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            // Foreign keys and short codes repeat down a column; ids, names and descriptions seldom do.
            var shared = header.Select(h => h != "id" && h.EndsWith("_id", StringComparison.Ordinal)).ToArray();
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var rows = new List<string?[]>();
            while (csv.Read())
            {
                var row = new string?[header.Length];
                for (var i = 0; i < header.Length && i < csv.FieldCount; i++)
                {
                    if (header[i] == skipColumn)
                    {
                        continue;
                    }

                    var text = csv.GetString(i);
                    if (text.Length == 0)
                    {
                        continue;
                    }

                    if (!shared[i] && text.Length > 12)
                    {
                        row[i] = text;
                    }
                    else if (seen.TryGetValue(text, out var kept))
                    {
                        row[i] = kept;
                    }
                    else
                    {
                        seen[text] = text;
                        row[i] = text;
                    }
                }

                rows.Add(row);
            }

            return new Rows(header, types, rows);
        }
    }
}
