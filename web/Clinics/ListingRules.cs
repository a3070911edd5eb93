using System.Text.RegularExpressions;
namespace IopFinder.Web.Clinics;

/// <summary>
/// What was done to one optional field that failed validation: repaired to <see cref="Replacement"/>,
/// or dropped when no repair is unambiguous. Imports, the portal form and the admin tools all word it
/// the same way.
/// </summary>
public sealed record FieldFix(string Field, string Original, string? Replacement, string Problem)
{
    public bool Dropped => Replacement is null;

    public string Outcome => Dropped ? "dropped" : $"repaired to '{Replacement}'";

    /// <summary>The problem and what was done about it, e.g. "website 'http://www,x.org' is not a web address: repaired to 'http://www.x.org'".</summary>
    public string Describe() => $"{Problem}: {Outcome}";
}

/// <summary>
/// Repairs for the optional fields of a listing (program name, second street line, phones, website,
/// other languages, wait note), and for a ZIP+4 given as the ZIP. A public file carries real facilities with typing slips in fields
/// nobody checked; a slip there must cost the field, never the facility. A repair is made only when
/// there is one reasonable reading of what was meant; otherwise the field is dropped.
/// </summary>
public static partial class ListingRules
{
    /// <summary>The longest a one-line field may be (name, street, phone…).</summary>
    public const int MaxLineLength = 200;

    /// <summary>The longest a description may be.</summary>
    public const int MaxDescriptionLength = 4000;

    /// <summary>IOP hours a week: more than 80 is not a week of outpatient care.</summary>
    public const double MaxIopHoursPerWeek = 80;

    /// <summary>A program's typical length: up to two years.</summary>
    public const int MaxIopLengthWeeks = 104;

    /// <summary>Whether the text is a 5-digit ZIP code: the one ZIP rule for listings, searches and the self-check.</summary>
    public static bool IsZip(string? value) => value is { Length: 5 } && value.All(char.IsAsciiDigit);

    /// <summary>The 5-digit ZIP of a ZIP or ZIP+4 (12345, 12345-6789, 123456789), or null for anything else.</summary>
    public static string? ZipOf(string? value) =>
        value is null ? null : IsZip(value) ? value : ZipPlusFour().Match(value) is { Success: true } zip ? zip.Groups[1].Value : null;

    /// <summary>
    /// Why a listing cannot be stored, or null when it can: the rules every way into the directory shares (the
    /// portal's form, each import). A bad required field (name, address, state, ZIP, coordinates) is always a
    /// reason. A bad optional field is repaired or dropped and added to <paramref name="fixes"/>; when
    /// <paramref name="fixes"/> is null (a strict import), it is a reason too.
    /// </summary>
    public static string? Check(Clinic clinic, List<FieldFix>? fixes = null)
    {
        if (string.IsNullOrWhiteSpace(clinic.Name)) return "name is required";
        if (string.IsNullOrWhiteSpace(clinic.Street) || string.IsNullOrWhiteSpace(clinic.City)) return "street and city are required";
        if (RequiredOneLineFields(clinic).FirstOrDefault(f => f.Value.Any(char.IsControl)) is { Name: { } field }) return $"{field} must be on one line, without control characters";
        if (RequiredOneLineFields(clinic).FirstOrDefault(f => f.Value.Length > MaxLineLength) is { Name: { } longField }) return $"{longField} is longer than {MaxLineLength} characters";
        if (!Places.StateNames.ByCode.ContainsKey(clinic.State)) return $"'{clinic.State}' is not a US state or territory code";
        if (double.IsNaN(clinic.Latitude) || clinic.Latitude is < -90 or > 90) return "latitude must be between -90 and 90";
        if (double.IsNaN(clinic.Longitude) || clinic.Longitude is < -180 or > 180) return "longitude must be between -180 and 180";
        if (clinic.IopHoursPerWeek is { } hours && !double.IsFinite(hours)) return "IOP hours a week must be a number";
        if (!ListingStatus.All.Contains(clinic.Status)) return $"status '{clinic.Status}' must be {string.Join(", ", ListingStatus.All)}";
        if (clinic.Accepting is not ("yes" or "no" or "unknown")) return $"accepting '{clinic.Accepting}' must be yes, no or unknown";
        if (!ListingSource.All.Contains(clinic.Source)) return $"source '{clinic.Source}' must be {string.Join(", ", ListingSource.All)}";
        if (OpeningsProblem(clinic) is { } openings) return openings;
        if (clinic.TimeZone is { } zone && !Places.TimeZones.All.Contains(zone)) return $"time zone '{zone}' is not one of the United States' (such as America/New_York or America/Phoenix)";
        var (tracks, trackProblem) = ProgramTracks.Parse(clinic.IopSchedule);
        if (trackProblem is not null) return "tracks: " + trackProblem;

        var found = Repair(clinic);
        // After the repairs, so a typed value out of range is still reported before the schedule replaces it.
        // Where the schedule's times are: the listing's own zone, else its state's.
        clinic.TimeZone ??= tracks.Count > 0 ? Places.TimeZones.ForState(clinic.State) : null;
        ProgramTracks.Derive(clinic, tracks);
        if (!IsZip(clinic.Zip)) return $"ZIP '{clinic.Zip}' is not 5 digits";
        if (found.Count > 0 && fixes is null)
        {
            return found[0].Problem;
        }

        fixes?.AddRange(found);
        return null;
    }

    /// <summary>
    /// Stored openings must be whole: dates that are dates, a known source when there is a date, and the rules of
    /// <see cref="Openings.Problem"/> judged on the day they were confirmed (an export read later is not out of date).
    /// </summary>
    private static string? OpeningsProblem(Clinic clinic)
    {
        if (clinic.OpeningsNextStart is { } next && Openings.Date(next) is null) return $"openings_next_start '{next}' is not a date (yyyy-mm-dd)";
        if (clinic.OpeningsAsOf is { } asOf && Openings.Date(asOf) is null) return $"openings_as_of '{asOf}' is not a date (yyyy-mm-dd)";
        if (clinic.OpeningsSource is { } source && !OpeningsSource.All.Contains(source)) return $"openings_source '{source}' must be {string.Join(", ", OpeningsSource.All)}";
        if (clinic.OpeningsStatus != OpeningStatus.Unknown && clinic.OpeningsAsOf is null) return "openings other than unknown need the date they were confirmed (openings_as_of)";
        var openings = clinic.Openings;
        return Openings.Problem(openings.Status, openings.NextStart, openings.WaitWeeks, openings.AsOf, DateOnly.MaxValue) is { } problem ? "openings: " + problem : null;
    }

    /// <summary>Required fields shown on one line and used in email subjects: a line break in them breaks both.</summary>
    private static IEnumerable<(string Name, string Value)> RequiredOneLineFields(Clinic c) => [("name", c.Name), ("street", c.Street), ("city", c.City)];

    /// <summary>
    /// Repairs or drops each optional field of <paramref name="clinic"/> that fails validation, and
    /// returns what it did, in field order. Values that are valid come back untouched.
    /// </summary>
    public static List<FieldFix> Repair(Clinic clinic)
    {
        var fixes = new List<FieldFix>();
        if (!IsZip(clinic.Zip) && ZipOf(clinic.Zip) is { } zip)
        {
            // The ZIP is required, but a ZIP+4 in its place has one reading: its first five digits.
            fixes.Add(new FieldFix("ZIP", clinic.Zip, zip, $"ZIP '{clinic.Zip}' is a ZIP+4"));
            clinic.Zip = zip;
        }

        clinic.ProgramName = OneLine(clinic.ProgramName, "program name", fixes);
        clinic.Street2 = OneLine(clinic.Street2, "street2", fixes);
        clinic.OtherLanguages = OneLine(clinic.OtherLanguages, "other languages", fixes);
        clinic.WaitNote = OneLine(clinic.WaitNote, "wait note", fixes);
        clinic.Phone = Phone(clinic.Phone, "phone", fixes);
        clinic.IntakePhone = Phone(clinic.IntakePhone, "intake phone", fixes);
        clinic.Website = Website(clinic.Website, fixes);
        clinic.Description = Limited(clinic.Description, "description", MaxDescriptionLength, fixes);
        foreach (var (name, get, set) in OptionalLines)
        {
            set(clinic, Limited(get(clinic), name, MaxLineLength, fixes));
        }

        if (clinic.IopHoursPerWeek is { } hours && double.IsFinite(hours) && hours is < 0 or > MaxIopHoursPerWeek)
        {
            fixes.Add(new FieldFix("IOP hours a week", hours.ToString(System.Globalization.CultureInfo.InvariantCulture), null, $"IOP hours a week '{hours.ToString(System.Globalization.CultureInfo.InvariantCulture)}' must be between 0 and {MaxIopHoursPerWeek}"));
            clinic.IopHoursPerWeek = null;
        }

        if (clinic.IopLengthWeeks is < 0 or > MaxIopLengthWeeks)
        {
            fixes.Add(new FieldFix("IOP length in weeks", clinic.IopLengthWeeks.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), null, $"IOP length '{clinic.IopLengthWeeks}' weeks must be between 0 and {MaxIopLengthWeeks}"));
            clinic.IopLengthWeeks = null;
        }

        return fixes;
    }

    private static readonly (string Name, Func<Clinic, string?> Get, Action<Clinic, string?> Set)[] OptionalLines =
    [
        ("program name", c => c.ProgramName, (c, v) => c.ProgramName = v), ("street2", c => c.Street2, (c, v) => c.Street2 = v),
        ("wait note", c => c.WaitNote, (c, v) => c.WaitNote = v), ("other languages", c => c.OtherLanguages, (c, v) => c.OtherLanguages = v),
        ("website", c => c.Website, (c, v) => c.Website = v),
    ];

    /// <summary>An optional text past its limit has no one shorter reading: it is dropped.</summary>
    private static string? Limited(string? value, string field, int limit, List<FieldFix> fixes)
    {
        if (value is null || value.Length <= limit)
        {
            return value;
        }

        fixes.Add(new FieldFix(field, value[..60] + "…", null, $"{field} is longer than {limit} characters"));
        return null;
    }

    /// <summary>Ten digits (optionally with a leading 1), in any common punctuation, with an optional extension.</summary>
    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    /// <summary>
    /// The address as it should be stored, or null when there is no unambiguous reading of it as an http
    /// or https address. A valid address comes back unchanged. Repairs: backslashes become slashes, a
    /// missing scheme becomes http://, and a comma or a stray space around a dot in the host name goes.
    /// </summary>
    public static string? RepairWebsite(string value)
    {
        var text = value.Trim().Replace('\\', '/');
        var scheme = SchemePattern().Match(text);
        string prefix, rest;
        if (scheme.Success)
        {
            prefix = scheme.Value;
            rest = text[scheme.Length..];
        }
        else if (text.Contains("://", StringComparison.Ordinal) || text.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        else
        {
            prefix = "http://";
            rest = text;
        }

        var end = rest.IndexOfAny(['/', '?', '#']);
        var host = end < 0 ? rest : rest[..end];
        var tail = end < 0 ? "" : rest[end..];

        // "www, example.org" and "www. example.org": a comma is a dot typed one key off, and space beside
        // a dot is a slip. Space between two words ("Volunteers of America") has no single reading.
        host = SpaceAroundSeparator().Replace(host, "$1").Replace(',', '.');
        if (!IsHost(host) || tail.Any(char.IsWhiteSpace) || tail.Any(char.IsControl))
        {
            return null;
        }

        var repaired = prefix + host + tail;
        return Uri.TryCreate(repaired, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? repaired : null;
    }

    private static bool IsHost(string host)
    {
        var port = host.LastIndexOf(':');
        if (port >= 0)
        {
            if (!host[(port + 1)..].All(char.IsAsciiDigit) || port == host.Length - 1)
            {
                return false;
            }

            host = host[..port];
        }

        var labels = host.Split('.');
        return labels.Length >= 2 && labels.All(l => HostLabel().IsMatch(l)) && TopLevelDomain().IsMatch(labels[^1]);
    }

    private static string? OneLine(string? value, string field, List<FieldFix> fixes)
    {
        if (value is null || !value.Any(char.IsControl))
        {
            return value;
        }

        var repaired = ControlRuns().Replace(value, " ").Trim();
        fixes.Add(new FieldFix(field, value, repaired.Length == 0 ? null : repaired, $"{field} '{Shown(value)}' must be on one line, without control characters"));
        return repaired.Length == 0 ? null : repaired;
    }

    private static string? Phone(string? value, string field, List<FieldFix> fixes)
    {
        if (value is null || IsPhone(value))
        {
            return value;
        }

        var oneLine = ControlRuns().Replace(value, " ").Trim();
        var repaired = IsPhone(oneLine) ? oneLine : null;
        fixes.Add(new FieldFix(field, value, repaired, $"{field} '{Shown(value)}' is not a US phone number"));
        return repaired;
    }

    private static string? Website(string? value, List<FieldFix> fixes)
    {
        if (value is null)
        {
            return null;
        }

        var repaired = RepairWebsite(value);
        if (repaired != value)
        {
            fixes.Add(new FieldFix("website", value, repaired, $"website '{Shown(value)}' is not an http or https address"));
        }

        return repaired;
    }

    /// <summary>The value as a message can show it: control characters as spaces, so a message stays on one line.</summary>
    private static string Shown(string value) => ControlRuns().Replace(value, " ");

    [GeneratedRegex(@"^(\d{5})-?\d{4}$")]
    private static partial Regex ZipPlusFour();

    [GeneratedRegex(@"^https?://", RegexOptions.IgnoreCase)]
    private static partial Regex SchemePattern();

    [GeneratedRegex(@"\s*([.,])\s*")]
    private static partial Regex SpaceAroundSeparator();

    [GeneratedRegex(@"^[\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?$")]
    private static partial Regex HostLabel();

    [GeneratedRegex(@"^(\p{L}{2,}|xn--[a-z0-9-]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TopLevelDomain();

    [GeneratedRegex(@"[\p{Cc}\s]*\p{Cc}[\p{Cc}\s]*")]
    private static partial Regex ControlRuns();

    [GeneratedRegex(@"^\+?1?[\s.\-]*\(?\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$", RegexOptions.IgnoreCase)]
    private static partial Regex PhonePattern();
}
