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
    public static IReadOnlyList<string> Header => ListingValues.Names;

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
            csv.WriteRecord(Header.Select(name => ListingValues.Get(clinic, name)).Select(v => forSpreadsheets ? Defused(v) : v).ToArray());
        }

        csv.Flush();
    }

    private static string Defused(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + value
            : value;

    /// <summary>Reads rows in our format. A header that is not ours fails at once with one clear message.</summary>
    /// <summary>The columns added with openings and schedules (2026-12); a file without all of them is the format before.</summary>
    private static bool AddedWithOpenings(string column) => column.StartsWith("openings_", StringComparison.Ordinal) || column is "tracks" or "time_zone";

    public static IEnumerable<ImportRow> Read(TextReader reader)
    {
        using var csv = CsvReader.Create(reader, ReaderOptions(), leaveOpen: true);
        if (!csv.Read())
        {
            throw new ImportFormatException("the file is empty; expected a header row: " + string.Join(",", Header));
        }

        var header = Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        // Files exported before listings had openings and schedules still import whole: their openings are unknown
        // and they have no tracks.
        var older = !header.SequenceEqual(Header);
        if (older && !header.SequenceEqual(Header.Where(h => !AddedWithOpenings(h))))
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
                if (csv.FieldCount != header.Length)
                {
                    throw new FormatException($"expected {header.Length} fields, found {csv.FieldCount}");
                }

                for (var i = 0; i < header.Length; i++)
                {
                    ListingValues.Set(clinic, header[i], csv.GetString(i));
                }
            }
            catch (FormatException exception)
            {
                error = exception.Message;
            }

            yield return new ImportRow(line, error is null ? clinic : null, error, []) { Key = clinic.Slug, LacksOpeningsAndSchedule = older };
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

    /// <summary>From a file in our format before openings and schedules: a stored listing keeps its own.</summary>
    public bool LacksOpeningsAndSchedule { get; init; }

    /// <summary>
    /// The format lists one facility in several rows (once per type of care), so rows at the same
    /// address are candidates for merging once validated. False: never merged.
    /// </summary>
    public bool MayRepeatFacility { get; init; }

    /// <summary>This row describes substance-use care, so its details lead when rows merge.</summary>
    public bool SubstanceUse { get; init; }

    /// <summary>The export's type of care for the row (SA or MH), or null when the row does not say.</summary>
    public string? FacilityType { get; init; }

    /// <summary>
    /// The file carries no status (IopFinder's HSDS holds only active listings): a stored listing keeps its own, so
    /// re-importing an older export never makes a listing a moderator has since hidden or closed public again.
    /// </summary>
    public bool KeepsStoredStatus { get; init; }

    /// <summary>
    /// The file does not say which services the facility offers (the 17-column export without service columns): a
    /// stored listing keeps the codes an earlier file with services gave it.
    /// </summary>
    public bool SaysNothingOfServices { get; init; }

    /// <summary>
    /// The source says this program is no longer active (an HSDS service that is inactive or defunct): a listing
    /// imported from it earlier is closed, and none is added.
    /// </summary>
    public bool Closes { get; init; }

    /// <summary>What the file as a whole could not use (unknown columns), carried by its first row so the summary says it once.</summary>
    public IReadOnlyList<string> FileNotes { get; init; } = [];

    /// <summary>Keys of rows merged into this one; a listing imported earlier under any of them is this listing.</summary>
    public IReadOnlyList<string> MergedKeys { get; init; } = [];
}
