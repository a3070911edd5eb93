using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using IopFinder.Web.Places;

namespace IopFinder.Web.Hsds;

/// <summary>
/// Reads HSDS 3.0 services (full form, as /services/{id} gives them, or assembled from a data package's tables) into
/// import rows: one listing per service at each of its physical locations. Data IopFinder published (services with
/// <c>iopfinder_slug</c>) comes back field for field and matches listings by slug; anyone else's (a 211's export)
/// becomes listings keyed by its service_at_location id, with codes from our taxonomies and SAMHSA's where its
/// attributes use them. Everything else is counted in the import's "not mapped" report.
/// </summary>
public static class HsdsReader
{
    /// <summary>The name another publisher's ids are kept under when the operator gives none (<c>--publisher</c>).</summary>
    public const string DefaultPublisher = "hsds";

    /// <summary>
    /// The import rows of an HSDS file: a data package (its folder, datapackage.json or one of its CSVs), newline-delimited
    /// JSON (.ndjson, read a line at a time) or a JSON document; and how they meet stored listings. A file IopFinder wrote
    /// (its first service carries <c>iopfinder_slug</c>) is matched by slug and stored as written; any other is public
    /// data, matched by its own ids. A service of the other kind in the same file is refused with its line.
    /// </summary>
    public static (IEnumerable<ImportRow> Rows, ImportMode Mode) Read(string path, PlaceDirectory places, string publisher = DefaultPublisher)
    {
        IEnumerable<(JsonObject? Service, int Line, string? Error)> services;
        if (Directory.Exists(path) || Path.GetFileName(path) == "datapackage.json" || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            services = HsdsPackage.ReadServices(path).Select((s, i) => ((JsonObject?)s, i + 1, (string?)null));
        }
        else if (path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            services = Lines(path);
        }
        else
        {
            JsonNode? root;
            try
            {
                using var stream = File.OpenRead(path);
                root = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
            }
            catch (JsonException exception)
            {
                throw new ImportFormatException($"this is not JSON ({exception.Message})");
            }

            services = Services(root).Select((s, i) => ((JsonObject?)s, i + 1, (string?)null));
        }

        var enumerator = services.GetEnumerator();
        var first = enumerator.MoveNext() ? enumerator.Current : default;
        var ours = first.Service is { } s && IsOurs(s);
        return (Rows(first, enumerator, ours, places, publisher), ours ? ImportMode.OwnCsv : ImportMode.PublicData);
    }

    private static IEnumerable<ImportRow> Rows((JsonObject? Service, int Line, string? Error) first, IEnumerator<(JsonObject? Service, int Line, string? Error)> rest, bool ours, PlaceDirectory places, string publisher)
    {
        using (rest)
        {
            for (var item = first; item.Line > 0; item = rest.MoveNext() ? rest.Current : default)
            {
                if (item.Service is null)
                {
                    yield return new ImportRow(item.Line, null, item.Error ?? "not a service", []);
                }
                else if (IsOurs(item.Service) != ours)
                {
                    yield return new ImportRow(item.Line, null, "this file mixes IopFinder's listings with other HSDS data; import them as separate files", []);
                }
                else
                {
                    foreach (var row in Rows(item.Service, item.Line, places, publisher))
                    {
                        yield return row;
                    }
                }
            }
        }
    }

    private static IEnumerable<(JsonObject? Service, int Line, string? Error)> Lines(string path)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonObject? service = null;
            string? error = null;
            try
            {
                service = JsonNode.Parse(text) as JsonObject;
                error = service is null ? "not a JSON object" : null;
            }
            catch (JsonException exception)
            {
                error = $"not JSON ({exception.Message})";
            }

            yield return (service, line, error);
        }
    }

    /// <summary>The services in a JSON document: one service, an array of them, a page with <c>contents</c>, or organizations with <c>services</c>.</summary>
    public static IEnumerable<JsonObject> Services(JsonNode? root)
    {
        switch (root)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    foreach (var service in Services(item))
                    {
                        yield return service;
                    }
                }

                break;
            case JsonObject { } page when page["contents"] is JsonArray contents:
                foreach (var service in Services(contents))
                {
                    yield return service;
                }

                break;
            case JsonObject organization when organization["services"] is JsonArray services:
                foreach (var service in services.OfType<JsonObject>())
                {
                    service["organization"] ??= Detached(organization, "services", "locations");
                    if (service["service_at_locations"] is null && organization["locations"] is JsonArray locations)
                    {
                        service["service_at_locations"] = new JsonArray(locations.OfType<JsonObject>()
                            .Select(l => (JsonNode)new JsonObject { ["id"] = Str(service["id"]) + "/" + Str(l["id"]), ["location"] = l.DeepClone() }).ToArray());
                    }

                    yield return service;
                }

                break;
            case JsonObject service when service["name"] is not null:
                yield return service;
                break;
            default:
                throw new ImportFormatException("this is not HSDS: expected a service, an array of services, a page with \"contents\" or organizations with \"services\"");
        }
    }

    /// <summary>Whether a service is one IopFinder published, so its listing is matched by slug and kept exactly.</summary>
    public static bool IsOurs(JsonObject service) => Str(service[HsdsWriter.Extension + "slug"]) is not null;

    /// <summary>The listings of one service, one per physical location; <paramref name="line"/> is the service's position in the file.</summary>
    public static IEnumerable<ImportRow> Rows(JsonObject service, int line, PlaceDirectory places, string publisher = DefaultPublisher)
    {
        var ours = IsOurs(service);
        var inactive = Str(service["status"]) is { } status && !status.Equals("active", StringComparison.OrdinalIgnoreCase);
        if (inactive && ours)
        {
            yield return new ImportRow(line, null, $"service {Str(service["id"]) ?? "(no id)"} is {Str(service["status"])}, not active: not imported", []);
            yield break;
        }

        var locations = (service["service_at_locations"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(sal => sal["location"] is JsonObject l && Str(l["location_type"]) is null or "physical").ToList();
        if (locations.Count == 0)
        {
            yield return new ImportRow(line, null, $"service {Str(service["id"]) ?? "(no id)"} has no physical location", []);
            yield break;
        }

        foreach (var sal in locations)
        {
            var row = Row(service, sal, (JsonObject)sal["location"]!, line, ours, places, publisher);
            // Inactive, defunct or temporarily closed: nobody should be referred to it, so a listing made from it
            // earlier closes, and none is added.
            yield return inactive ? row with { Clinic = row.Clinic ?? new Clinic { Source = ListingSource.Admin, SourceId = row.Key }, Error = null, Closes = true } : row;
        }
    }

    private static ImportRow Row(JsonObject service, JsonObject sal, JsonObject location, int line, bool ours, PlaceDirectory places, string publisher)
    {
        var organization = service["organization"] as JsonObject;
        var unmapped = new List<string>();
        var name = Str(organization?["name"]) ?? Str(service["name"]) ?? "";
        var program = Str(service["name"]);
        var address = Objects(location["addresses"]).OrderBy(a => Str(a["address_type"]) == "physical" ? 0 : 1).FirstOrDefault();
        var clinic = new Clinic
        {
            Name = name,
            ProgramName = program == name ? null : program,
            Description = Str(service["description"]),
            Website = Str(service["url"]) ?? Str(organization?["website"]),
            Street = Str(address?["address_1"]) ?? "",
            Street2 = Str(address?["address_2"]),
            City = Str(address?["city"]) ?? "",
            State = (Str(address?["state_province"]) ?? "").ToUpperInvariant(),
            Zip = (Str(address?["postal_code"]) ?? "").Split('-')[0],
            WaitNote = Str(service["wait_time"]),
            LastVerified = Str(service["assured_date"]) is { Length: >= 10 } assured ? assured[..10] : null,
            Status = ListingStatus.Active,
        };

        string? error = null;
        if (Number(location["latitude"]) is { } latitude && Number(location["longitude"]) is { } longitude)
        {
            (clinic.Latitude, clinic.Longitude) = (latitude, longitude);
        }
        else if (places.Zip(clinic.Zip) is { } zip)
        {
            // A 211's location may have an address and no coordinates: the ZIP's centre places it on the map.
            (clinic.Latitude, clinic.Longitude) = (zip.Latitude, zip.Longitude);
            unmapped.Add("location without coordinates, placed at its ZIP code's centre");
        }
        else
        {
            error = "the location has no latitude and longitude and no ZIP code we know";
        }

        Phones(clinic, [service["phones"], sal["phones"], location["phones"], organization?["phones"]]);
        var others = new List<string>();
        foreach (var language in Objects(service["languages"]).Concat(Objects(location["languages"])))
        {
            var code = Str(language["code"])?.ToLowerInvariant();
            var label = Str(language["name"]) ?? code ?? "";
            if (code is "es" or "spa" || label.Equals("Spanish", StringComparison.OrdinalIgnoreCase))
            {
                clinic.LangMask |= ClinicCodes.Language.Mask(["spanish"]);
            }
            else if (code is "ase" or "sgn" || label.Contains("Sign Language", StringComparison.OrdinalIgnoreCase))
            {
                clinic.LangMask |= ClinicCodes.Language.Mask(["asl"]);
            }
            else if (code is not ("en" or "eng") && !label.Equals("English", StringComparison.OrdinalIgnoreCase) && label.Length > 0)
            {
                others.Add(label);
            }
        }

        clinic.OtherLanguages = others.Count > 0 ? string.Join(", ", others.Distinct(StringComparer.OrdinalIgnoreCase)) : null;
        var recognised = 0;
        foreach (var attribute in Objects(service["attributes"]).Concat(Objects(sal["attributes"])))
        {
            var term = attribute["taxonomy_term"] as JsonObject;
            var taxonomy = Str(term?["taxonomy"]) ?? Str((term?["taxonomy_detail"] as JsonObject)?["name"]);
            if (HsdsTaxonomies.Recognise(Str(attribute["taxonomy_term_id"]) ?? Str(term?["id"]), Str(term?["code"]), taxonomy) is { } known)
            {
                clinic.SetMask(known.Set, clinic.MaskOf(known.Set) | known.Set.Mask([known.OurCode]));
                recognised++;
            }
            else
            {
                unmapped.Add($"{taxonomy ?? "attribute"}: {Str(term?["name"]) ?? Str(term?["code"]) ?? Str(attribute["value"]) ?? Str(attribute["taxonomy_term_id"])}");
            }
        }

        if (ours)
        {
            Extensions(clinic, service);
            error ??= Tracks(clinic, service);
        }
        else
        {
            clinic.Source = ListingSource.Admin;
            clinic.SourceId = $"hsds:{publisher}:{Str(sal["id"]) ?? Str(service["id"])}";
            clinic.ServicesReported = recognised > 0;
            clinic.Slug = Slugs.From($"{clinic.Name} {clinic.City} {clinic.State}");
        }

        return new ImportRow(line, error is null ? clinic : null, error, unmapped) { Key = ours ? clinic.Slug : clinic.SourceId, KeepsStoredStatus = ours };
    }

    /// <summary>The main number is the first that is not for intake; the intake number is the first described as intake.</summary>
    private static void Phones(Clinic clinic, JsonNode?[] lists)
    {
        foreach (var phone in lists.SelectMany(Objects))
        {
            var number = Str(phone["number"]);
            var intake = $"{Str(phone["description"])} {Str(phone["type"])}".Contains("intake", StringComparison.OrdinalIgnoreCase);
            if (number is null)
            {
                continue;
            }

            if (intake)
            {
                clinic.IntakePhone ??= number;
            }
            else
            {
                clinic.Phone ??= number;
            }
        }
    }

    /// <summary>Our own fields back from <c>iopfinder_…</c> (see <see cref="HsdsWriter.Extensions"/>).</summary>
    private static void Extensions(Clinic c, JsonObject s)
    {
        string? E(string name) => Str(s[HsdsWriter.Extension + name]);
        bool Flag(string name) => E(name) is "true" or "True" or "1";
        int? Int(string name) => int.TryParse(E(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
        double? Dbl(string name) => double.TryParse(E(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;

        c.Slug = E("slug")!;
        c.Claimed = Flag("claimed");
        c.Source = E("source") ?? ListingSource.Admin;
        c.SourceId = E("source_id");
        c.ServicesReported = Flag("services_reported");
        c.UpdatedAt = E("updated_at") ?? "";
        c.Accepting = E("accepting") ?? "unknown";
        c.OpeningsStatus = E("openings_status") ?? OpeningStatus.Unknown;
        c.OpeningsNextStart = E("openings_next_start");
        c.OpeningsWaitWeeks = Int("openings_wait_weeks");
        c.OpeningsAsOf = E("openings_as_of");
        c.OpeningsSource = E("openings_source");
        c.TimeZone = E("time_zone");
        c.IopHoursPerWeek = Dbl("iop_hours_per_week");
        c.IopLengthWeeks = Int("iop_length_weeks");
        c.IopDay = Flag("iop_day");
        c.IopEvening = Flag("iop_evening");
        c.IopWeekend = Flag("iop_weekend");
        c.IopTelehealth = Flag("iop_telehealth");
        c.OtherLanguages = E("other_languages");
    }

    /// <summary>Our weekly schedules back into program tracks; a schedule that is not one of ours is a row error.</summary>
    private static string? Tracks(Clinic clinic, JsonObject service)
    {
        var tracks = new List<ProgramTrack>();
        foreach (var schedule in Objects(service["schedules"]))
        {
            var days = (Str(schedule["byday"]) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => Days.GetValueOrDefault(d.ToUpperInvariant(), (DayOfWeek)(-1))).ToList();
            if (days.Count == 0 || days.Contains((DayOfWeek)(-1)) ||
                !TimeOnly.TryParseExact(Str(schedule["opens_at"]), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ||
                !TimeOnly.TryParseExact(Str(schedule["closes_at"]), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return $"schedule {Str(schedule["id"])} is not a weekly schedule with byday, opens_at and closes_at";
            }

            static IReadOnlyList<string> Words(string? text) => (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            tracks.Add(new ProgramTrack(Str(schedule["description"]), days, start, end, Str(schedule["attending_type"]) ?? ProgramTracks.InPerson,
                Words(Str(schedule[HsdsWriter.Extension + "languages"])), Words(Str(schedule[HsdsWriter.Extension + "for"]))));
        }

        clinic.IopSchedule = tracks.Count > 0 ? ProgramTracks.Format(tracks) : null;
        return null;
    }

    private static readonly Dictionary<string, DayOfWeek> Days = new()
    {
        ["MO"] = DayOfWeek.Monday, ["TU"] = DayOfWeek.Tuesday, ["WE"] = DayOfWeek.Wednesday, ["TH"] = DayOfWeek.Thursday,
        ["FR"] = DayOfWeek.Friday, ["SA"] = DayOfWeek.Saturday, ["SU"] = DayOfWeek.Sunday,
    };

    private static JsonObject Detached(JsonObject source, params string[] without)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in source)
        {
            if (!without.Contains(key))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>A value as text: strings trimmed (blank is none), numbers and booleans as written.</summary>
    public static string? Str(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>().Trim() is { Length: > 0 } text ? text : null,
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    private static double? Number(JsonNode? node) =>
        double.TryParse(Str(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
}
