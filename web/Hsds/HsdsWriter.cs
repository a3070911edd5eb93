using System.Globalization;
using System.Text.Json;
using IopFinder.Web.Clinics;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Hsds;

/// <summary>
/// Writes listings as Open Referral HSDS 3.0 objects. A listing is an organization, one physical location, one
/// service (its program) and the service_at_location joining them; its phones, weekly schedules (one per program
/// track), languages and codes (as taxonomy attributes) hang from the service. What HSDS has no field for is in
/// fields named <c>iopfinder_…</c>, documented at /hsds/profile. Only what the public directory shows is written:
/// no staff, no emails, nothing a moderator holds back.
/// </summary>
public sealed class HsdsWriter(IOptions<SiteOptions> site)
{
    public const string Version = "3.0";
    public const string Extension = "iopfinder_";

    private readonly SiteOptions _site = site.Value;

    /// <summary>A service: the list form (its own fields and the organization) or the full form with every related object.</summary>
    public void Service(Utf8JsonWriter w, Clinic c, bool full)
    {
        w.WriteStartObject();
        ServiceFields(w, c);
        w.WritePropertyName("organization");
        Organization(w, c, full: false, fullServices: false);
        if (full)
        {
            ServiceChildren(w, c);
            w.WriteStartArray("service_at_locations");
            ServiceAtLocation(w, c, full: false, withLocation: true);
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>An organization: the list form, or the full form with its location and its service (as a list item, or in full).</summary>
    public void Organization(Utf8JsonWriter w, Clinic c, bool full, bool fullServices)
    {
        w.WriteStartObject();
        w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Organization));
        w.WriteString("name", c.Name);
        // HSDS requires a description; a listing without one is described by where it is.
        w.WriteString("description", c.Description ?? $"{c.Name}, {c.City}, {c.State}");
        Optional(w, "website", c.Website);
        w.WriteString("uri", _site.Absolute(c.Url));
        if (full)
        {
            w.WriteStartArray("locations");
            Location(w, c);
            w.WriteEndArray();
            w.WriteStartArray("services");
            if (fullServices)
            {
                Service(w, c, full: true);
            }
            else
            {
                w.WriteStartObject();
                ServiceFields(w, c);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>A service_at_location: ids and location (the list form), or with the service in full.</summary>
    public void ServiceAtLocation(Utf8JsonWriter w, Clinic c, bool full, bool withLocation)
    {
        w.WriteStartObject();
        w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.ServiceAtLocation));
        w.WriteString("service_id", HsdsIds.Of(c.Id, HsdsIds.Role.Service));
        w.WriteString("location_id", HsdsIds.Of(c.Id, HsdsIds.Role.Location));
        if (withLocation)
        {
            w.WritePropertyName("location");
            Location(w, c);
        }

        if (full)
        {
            w.WritePropertyName("service");
            Service(w, c, full: false);
        }

        w.WriteEndObject();
    }

    public static void Taxonomy(Utf8JsonWriter w, HsdsTaxonomy t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
        w.WriteString("description", t.Description);
        w.WriteEndObject();
    }

    public static void Term(Utf8JsonWriter w, HsdsTerm t)
    {
        w.WriteStartObject();
        w.WriteString("id", t.Id);
        w.WriteString("code", t.Code);
        w.WriteString("name", t.Name);
        w.WriteString("description", t.Name);
        w.WriteString("taxonomy", t.Taxonomy.Name);
        w.WriteString("taxonomy_id", t.Taxonomy.Id);
        w.WriteEndObject();
    }

    /// <summary>
    /// When the listing last changed, as HSDS's date-time: the latest of its last edit, its openings and its last
    /// verification (all kept as days), so a 211 syncing by <c>modified_after</c> sees new openings too.
    /// </summary>
    public static string LastModified(Clinic c)
    {
        var latest = new[] { c.UpdatedAt, c.OpeningsAsOf, c.LastVerified }
            .Where(d => DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .Max(StringComparer.Ordinal);
        return (latest ?? "1970-01-01") + "T00:00:00Z";
    }

    private void ServiceFields(Utf8JsonWriter w, Clinic c)
    {
        var id = HsdsIds.Of(c.Id, HsdsIds.Role.Service);
        w.WriteString("id", id);
        w.WriteString("organization_id", HsdsIds.Of(c.Id, HsdsIds.Role.Organization));
        w.WriteString("name", c.ProgramName ?? c.Name);
        Optional(w, "description", c.Description);
        Optional(w, "url", c.Website);
        w.WriteString("status", "active");
        Optional(w, "wait_time", c.WaitNote);
        if (c.AccredMask != 0)
        {
            w.WriteString("accreditations", string.Join("; ", c.Codes(ClinicCodes.Accreditation).Select(ClinicCodes.Accreditation.Label)));
        }

        Optional(w, "assured_date", c.LastVerified);
        w.WriteString("last_modified", LastModified(c));
        foreach (var (name, value) in Extensions(c))
        {
            switch (value)
            {
                case string text:
                    w.WriteString(name, text);
                    break;
                case bool flag:
                    w.WriteBoolean(name, flag);
                    break;
                case double number:
                    w.WriteNumber(name, number);
                    break;
                case int count:
                    w.WriteNumber(name, count);
                    break;
            }
        }
    }

    /// <summary>The listing's fields HSDS has no place for, as <c>iopfinder_…</c> fields; nulls are left out.</summary>
    public IEnumerable<(string Name, object Value)> Extensions(Clinic c)
    {
        var openings = c.Openings;
        var fields = new (string, object?)[]
        {
            ("slug", c.Slug),
            ("listing_url", _site.Absolute(c.Url)),
            ("demo", c.IsDemo),
            ("claimed", c.Claimed),
            ("source", c.Source),
            ("source_id", c.SourceId),
            ("services_reported", c.ServicesReported),
            ("updated_at", c.UpdatedAt),
            ("accepting", c.Accepting),
            ("openings_status", c.OpeningsStatus),
            ("openings_next_start", c.OpeningsNextStart),
            ("openings_wait_weeks", openings.WaitWeeks),
            ("openings_as_of", c.OpeningsAsOf),
            ("openings_source", c.OpeningsSource),
            ("time_zone", c.TimeZone),
            ("iop_hours_per_week", c.IopHoursPerWeek),
            ("iop_length_weeks", c.IopLengthWeeks),
            ("iop_day", c.IopDay),
            ("iop_evening", c.IopEvening),
            ("iop_weekend", c.IopWeekend),
            ("iop_telehealth", c.IopTelehealth),
            ("other_languages", c.OtherLanguages),
        };
        foreach (var (name, value) in fields)
        {
            if (value is not null)
            {
                yield return (Extension + name, value);
            }
        }
    }

    private static void ServiceChildren(Utf8JsonWriter w, Clinic c)
    {
        var serviceId = HsdsIds.Of(c.Id, HsdsIds.Role.Service);
        w.WriteStartArray("phones");
        var n = 0;
        foreach (var (number, description) in new[] { (c.Phone, "Main"), (c.IntakePhone, "Intake") })
        {
            n++;
            if (number is null)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Phone, n));
            w.WriteString("service_id", serviceId);
            w.WriteString("number", number);
            w.WriteString("type", "voice");
            w.WriteString("description", description);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("schedules");
        n = 0;
        var zone = c.TimeZone ?? Places.TimeZones.ForState(c.State);
        var offset = zone is not null && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var info) ? info.GetUtcOffset(DateTime.UtcNow).TotalHours : (double?)null;
        foreach (var track in c.Tracks)
        {
            w.WriteStartObject();
            w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Schedule, ++n));
            w.WriteString("service_id", serviceId);
            w.WriteString("freq", "WEEKLY");
            w.WriteString("wkst", "MO");
            w.WriteString("byday", string.Join(",", track.Days.Select(d => ProgramTracks.DayCode(d)[..2].ToUpperInvariant())));
            w.WriteString("opens_at", track.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
            w.WriteString("closes_at", track.End.ToString("HH:mm", CultureInfo.InvariantCulture));
            Optional(w, "description", track.Name);
            w.WriteString("attending_type", track.Setting);
            if (offset is { } hours)
            {
                // HSDS takes times without an offset as UTC: the offset is today's, and the notes name the zone,
                // whose daylight saving time moves it.
                w.WriteNumber("timezone", hours);
                w.WriteString("notes", $"Times are local to {zone}.");
            }

            Optional(w, Extension + "languages", track.Languages.Count > 0 ? string.Join(" ", track.Languages) : null);
            Optional(w, Extension + "for", track.For.Count > 0 ? string.Join(" ", track.For) : null);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("languages");
        n = 0;
        foreach (var (name, code) in Languages(c))
        {
            w.WriteStartObject();
            w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Language, ++n));
            w.WriteString("service_id", serviceId);
            w.WriteString("name", name);
            Optional(w, "code", code);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("attributes");
        n = 0;
        foreach (var term in HsdsTaxonomies.Of(c))
        {
            w.WriteStartObject();
            w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Attribute, ++n));
            w.WriteString("link_id", serviceId);
            w.WriteString("link_type", term.Taxonomy.Key);
            w.WriteString("link_entity", "service");
            w.WriteString("taxonomy_term_id", term.Id);
            w.WritePropertyName("taxonomy_term");
            Term(w, term);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Languages by name with ISO 639 codes where ours have one; other languages as the listing names them.</summary>
    public static IEnumerable<(string Name, string? Code)> Languages(Clinic c)
    {
        if (c.Offers(ClinicCodes.Language, "spanish"))
        {
            yield return ("Spanish", "es");
        }

        if (c.Offers(ClinicCodes.Language, "asl"))
        {
            yield return ("American Sign Language", "ase");
        }

        foreach (var other in (c.OtherLanguages ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return (other, null);
        }
    }

    private static void Location(Utf8JsonWriter w, Clinic c)
    {
        var locationId = HsdsIds.Of(c.Id, HsdsIds.Role.Location);
        w.WriteStartObject();
        w.WriteString("id", locationId);
        w.WriteString("location_type", "physical");
        w.WriteString("organization_id", HsdsIds.Of(c.Id, HsdsIds.Role.Organization));
        w.WriteString("name", c.Name);
        w.WriteNumber("latitude", c.Latitude);
        w.WriteNumber("longitude", c.Longitude);
        w.WriteStartArray("addresses");
        w.WriteStartObject();
        w.WriteString("id", HsdsIds.Of(c.Id, HsdsIds.Role.Address));
        w.WriteString("location_id", locationId);
        w.WriteString("address_1", c.Street);
        Optional(w, "address_2", c.Street2);
        w.WriteString("city", c.City);
        w.WriteString("state_province", c.State);
        w.WriteString("postal_code", c.Zip);
        w.WriteString("country", "US");
        w.WriteString("address_type", "physical");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
