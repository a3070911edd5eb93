using System.Globalization;

namespace IopFinder.Web.Clinics;

/// <summary>
/// Each field of a listing as text, written once: code sets as space-separated codes, yes/no for flags,
/// numbers in invariant form. The CSV format, the portal's form and proposed changes all read and write
/// fields through this table, so a field's text means the same everywhere.
/// </summary>
public static class ListingValues
{
    private sealed record Column(string Name, Func<Clinic, string?> Get, Action<Clinic, string?> Set);

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;
    private static string YesNo(bool value) => value ? "yes" : "no";
    private static bool Flag(string? value) => value is "yes" or "true" or "1";
    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static Column Codes(CodeSet set) => new(set.Parameter,
        c => string.Join(' ', c.Codes(set)),
        (c, v) => c.SetMask(set, set.Mask((v ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))));

    private static readonly Column[] Columns =
    [
        new("slug", c => c.Slug, (c, v) => c.Slug = v ?? ""),
        new("name", c => c.Name, (c, v) => c.Name = v ?? ""),
        new("program_name", c => c.ProgramName, (c, v) => c.ProgramName = Text(v)),
        new("street", c => c.Street, (c, v) => c.Street = v ?? ""),
        new("street2", c => c.Street2, (c, v) => c.Street2 = Text(v)),
        new("city", c => c.City, (c, v) => c.City = v ?? ""),
        new("state", c => c.State, (c, v) => c.State = v ?? ""),
        new("zip", c => c.Zip, (c, v) => c.Zip = v ?? ""),
        new("latitude", c => Number(c.Latitude), (c, v) => c.Latitude = ParseDouble(v, "latitude") ?? double.NaN),
        new("longitude", c => Number(c.Longitude), (c, v) => c.Longitude = ParseDouble(v, "longitude") ?? double.NaN),
        new("phone", c => c.Phone, (c, v) => c.Phone = Text(v)),
        new("intake_phone", c => c.IntakePhone, (c, v) => c.IntakePhone = Text(v)),
        new("website", c => c.Website, (c, v) => c.Website = Text(v)),
        new("description", c => c.Description, (c, v) => c.Description = Text(v)),
        new("status", c => c.Status, (c, v) => c.Status = v ?? ListingStatus.Active),
        new("accepting", c => c.Accepting, (c, v) => c.Accepting = v ?? "unknown"),
        new("wait_note", c => c.WaitNote, (c, v) => c.WaitNote = Text(v)),
        new("iop_hours_per_week", c => Number(c.IopHoursPerWeek), (c, v) => c.IopHoursPerWeek = ParseDouble(v, "iop_hours_per_week")),
        new("iop_day", c => YesNo(c.IopDay), (c, v) => c.IopDay = Flag(v)),
        new("iop_evening", c => YesNo(c.IopEvening), (c, v) => c.IopEvening = Flag(v)),
        new("iop_weekend", c => YesNo(c.IopWeekend), (c, v) => c.IopWeekend = Flag(v)),
        new("iop_length_weeks", c => c.IopLengthWeeks?.ToString(CultureInfo.InvariantCulture), (c, v) => c.IopLengthWeeks = (int?)ParseDouble(v, "iop_length_weeks")),
        new("iop_telehealth", c => YesNo(c.IopTelehealth), (c, v) => c.IopTelehealth = Flag(v)),
        new("tracks", c => c.IopSchedule, (c, v) => c.IopSchedule = Text(v?.Replace("\r\n", "\n", StringComparison.Ordinal).Trim())),
        new("time_zone", c => c.TimeZone, (c, v) => c.TimeZone = Text(v?.Trim())),
        Codes(ClinicCodes.Care),
        Codes(ClinicCodes.Pay),
        Codes(ClinicCodes.Age),
        Codes(ClinicCodes.Population),
        Codes(ClinicCodes.Language),
        Codes(ClinicCodes.Service),
        Codes(ClinicCodes.Accreditation),
        new("other_languages", c => c.OtherLanguages, (c, v) => c.OtherLanguages = Text(v)),
        new("openings_status", c => c.OpeningsStatus, (c, v) => c.OpeningsStatus = v ?? OpeningStatus.Unknown),
        new("openings_next_start", c => c.OpeningsNextStart, (c, v) => c.OpeningsNextStart = Text(v)),
        new("openings_wait_weeks", c => c.OpeningsWaitWeeks?.ToString(CultureInfo.InvariantCulture), (c, v) => c.OpeningsWaitWeeks = (int?)ParseDouble(v, "openings_wait_weeks")),
        new("openings_as_of", c => c.OpeningsAsOf, (c, v) => c.OpeningsAsOf = Text(v)),
        new("openings_source", c => c.OpeningsSource, (c, v) => c.OpeningsSource = Text(v)),
        new("services_reported", c => YesNo(c.ServicesReported), (c, v) => c.ServicesReported = v is null || Flag(v)),
        new("source", c => c.Source, (c, v) => c.Source = v ?? ListingSource.Admin),
        new("source_id", c => c.SourceId, (c, v) => c.SourceId = Text(v)),
        new("claimed", c => YesNo(c.Claimed), (c, v) => c.Claimed = Flag(v)),
        new("last_verified", c => c.LastVerified, (c, v) => c.LastVerified = Text(v)),
        new("updated_at", c => c.UpdatedAt, (c, v) => c.UpdatedAt = v ?? ""),
    ];

    /// <summary>Every field's name, in the order of the CSV format's columns.</summary>
    public static IReadOnlyList<string> Names { get; } = Columns.Select(c => c.Name).ToList();

    private static readonly Dictionary<string, Column> ByName = Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>A field of a listing as text: the CSV format's cells, the portal form's values, a proposed change's diff.</summary>
    public static string Get(Clinic clinic, string field) => ByName[field].Get(clinic) ?? "";

    /// <summary>Sets a field from its text; a field that holds a number throws <see cref="FormatException"/> for text that is not one.</summary>
    public static void Set(Clinic clinic, string field, string? value) => ByName[field].Set(clinic, value);

    private static double? ParseDouble(string? value, string column) =>
        string.IsNullOrEmpty(value) ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : throw new FormatException($"{column} is not a number: '{value}'");
}
