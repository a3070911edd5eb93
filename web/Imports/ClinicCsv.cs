using System.Globalization;
using CsvHelper;
using IopFinder.Web.Clinics;

namespace IopFinder.Web.Imports;

/// <summary>
/// Our own CSV format: one column per listing field, code sets as space-separated codes, yes/no for
/// flags, dates as yyyy-mm-dd, numbers in invariant form. Export then import into an empty database
/// then export gives the same bytes. The columns are documented in the README.
/// </summary>
public static class ClinicCsv
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
        new("status", c => c.Status, (c, v) => c.Status = v ?? "active"),
        new("accepting", c => c.Accepting, (c, v) => c.Accepting = v ?? "unknown"),
        new("wait_note", c => c.WaitNote, (c, v) => c.WaitNote = Text(v)),
        new("iop_hours_per_week", c => Number(c.IopHoursPerWeek), (c, v) => c.IopHoursPerWeek = ParseDouble(v, "iop_hours_per_week")),
        new("iop_day", c => YesNo(c.IopDay), (c, v) => c.IopDay = Flag(v)),
        new("iop_evening", c => YesNo(c.IopEvening), (c, v) => c.IopEvening = Flag(v)),
        new("iop_weekend", c => YesNo(c.IopWeekend), (c, v) => c.IopWeekend = Flag(v)),
        new("iop_length_weeks", c => c.IopLengthWeeks?.ToString(CultureInfo.InvariantCulture), (c, v) => c.IopLengthWeeks = (int?)ParseDouble(v, "iop_length_weeks")),
        new("iop_telehealth", c => YesNo(c.IopTelehealth), (c, v) => c.IopTelehealth = Flag(v)),
        Codes(ClinicCodes.Care),
        Codes(ClinicCodes.Pay),
        Codes(ClinicCodes.Age),
        Codes(ClinicCodes.Population),
        Codes(ClinicCodes.Language),
        Codes(ClinicCodes.Service),
        Codes(ClinicCodes.Accreditation),
        new("other_languages", c => c.OtherLanguages, (c, v) => c.OtherLanguages = Text(v)),
        new("services_reported", c => YesNo(c.ServicesReported), (c, v) => c.ServicesReported = v is null || Flag(v)),
        new("source", c => c.Source, (c, v) => c.Source = v ?? "admin"),
        new("source_id", c => c.SourceId, (c, v) => c.SourceId = Text(v)),
        new("claimed", c => YesNo(c.Claimed), (c, v) => c.Claimed = Flag(v)),
        new("last_verified", c => c.LastVerified, (c, v) => c.LastVerified = Text(v)),
        new("updated_at", c => c.UpdatedAt, (c, v) => c.UpdatedAt = v ?? ""),
    ];

    public static IReadOnlyList<string> Header { get; } = Columns.Select(c => c.Name).ToList();

    /// <summary>A field of a listing as text, in this format's conventions (used for diffs of proposed changes too).</summary>
    public static string Get(Clinic clinic, string column) => Columns.Single(c => c.Name == column).Get(clinic) ?? "";

    /// <summary>Sets a field from text in this format's conventions.</summary>
    public static void Set(Clinic clinic, string column, string? value) => Columns.Single(c => c.Name == column).Set(clinic, value);

    private static double? ParseDouble(string? value, string column) =>
        string.IsNullOrEmpty(value) ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number
        : throw new FormatException($"{column} is not a number: '{value}'");

    /// <summary>Options for reading any of the CSV formats: header handled by the caller, ragged rows allowed and reported.</summary>
    public static CsvReaderOptions ReaderOptions() => new()
    {
        HasHeader = false,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        MalformedData = CsvMalformedDataHandling.Recover,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    /// <summary>Fields of the current row as strings.</summary>
    public static string[] Fields(CsvReader csv) => Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray();

    /// <summary>
    /// Writes listings in our format. <paramref name="forSpreadsheets"/> is for files people open in a
    /// spreadsheet (the public download): a text value that begins with =, +, -, @ or a tab would run as
    /// a formula there, so it gets a leading apostrophe, which spreadsheets show as plain text. Numbers
    /// such as a negative longitude are left alone. The operators' export keeps values exact, so that it
    /// imports back unchanged.
    /// </summary>
    public static void Write(TextWriter writer, IEnumerable<Clinic> clinics, bool forSpreadsheets = false)
    {
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        csv.WriteRecord(Header.ToArray());
        foreach (var clinic in clinics)
        {
            csv.WriteRecord(Columns.Select(column => column.Get(clinic) ?? "").Select(v => forSpreadsheets ? Defused(v) : v).ToArray());
        }

        csv.Flush();
    }

    private static string Defused(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;

    /// <summary>Reads rows in our format. A header that is not ours fails at once with one clear message.</summary>
    public static IEnumerable<ImportRow> Read(TextReader reader)
    {
        using var csv = CsvReader.Create(reader, ReaderOptions(), leaveOpen: true);
        if (!csv.Read())
        {
            throw new ImportFormatException("the file is empty; expected a header row: " + string.Join(",", Header));
        }

        var header = Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        if (!header.SequenceEqual(Header))
        {
            throw new ImportFormatException("this is not an IopFinder CSV file: the header must be exactly " + string.Join(",", Header));
        }

        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            var clinic = new Clinic();
            string? error = null;
            try
            {
                if (csv.FieldCount != Columns.Length)
                {
                    throw new FormatException($"expected {Columns.Length} fields, found {csv.FieldCount}");
                }

                for (var i = 0; i < Columns.Length; i++)
                {
                    Columns[i].Set(clinic, csv.GetString(i));
                }
            }
            catch (FormatException exception)
            {
                error = exception.Message;
            }

            yield return new ImportRow(line, error is null ? clinic : null, error, []) { Key = clinic.Slug };
        }
    }
}

/// <summary>A file that is not the format the verb names.</summary>
public sealed class ImportFormatException(string message) : Exception(message);

/// <summary>One row read from a file: a listing, or why the row could not become one.</summary>
public sealed record ImportRow(int Line, Clinic? Clinic, string? Error, IReadOnlyList<string> Unmapped)
{
    /// <summary>The key that identifies the listing across imports (slug for our CSV, source id otherwise).</summary>
    public string? Key { get; init; }

    /// <summary>
    /// The format lists one facility in several rows (once per type of care), so rows at the same
    /// address are candidates for merging once validated. False: never merged.
    /// </summary>
    public bool MayRepeatFacility { get; init; }

    /// <summary>This row describes substance-use care, so its details lead when rows merge.</summary>
    public bool SubstanceUse { get; init; }

    /// <summary>Keys of rows merged into this one; a listing imported earlier under any of them is this listing.</summary>
    public IReadOnlyList<string> MergedKeys { get; init; } = [];
}
