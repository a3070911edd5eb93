using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CsvHelper;
using IopFinder.Web.Clinics;

namespace IopFinder.Web.Imports;

/// <summary>Readers for FindTreatment.gov's two public formats: the locator JSON and the 17-column CSV export.</summary>
public static class FindTreatmentFormats
{
    /// <summary>
    /// Reads the locator format: <c>{ rows: [ { frid, name1, …, services: [ { f1, f2, f3 } ] } ] }</c>.
    /// The line of a row is its position in <c>rows</c>, counted from 1, since JSON has no row lines.
    /// </summary>
    public static IReadOnlyList<ImportRow> ReadLocatorJson(Stream stream)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new ImportFormatException($"this is not JSON ({exception.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                throw new ImportFormatException("this is not a FindTreatment.gov locator file: it has no \"rows\" array");
            }

            var result = new List<ImportRow>();
            var index = 0;
            foreach (var row in rows.EnumerateArray())
            {
                index++;
                result.Add(ReadLocatorRow(row, index));
            }

            return result;
        }
    }

    private static ImportRow ReadLocatorRow(JsonElement row, int index)
    {
        string? S(string name) => row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var v)
            ? v.ValueKind switch { JsonValueKind.String => Clean(v.GetString()), JsonValueKind.Number => v.GetRawText(), _ => null }
            : null;

        var frid = S("frid");
        if (frid is null)
        {
            return new ImportRow(index, null, "no frid", []);
        }

        var clinic = new Clinic
        {
            Name = S("name1") ?? "",
            ProgramName = S("name2"),
            Street = S("street1") ?? "",
            Street2 = S("street2"),
            City = S("city") ?? "",
            State = (S("state") ?? "").ToUpperInvariant(),
            Zip = (S("zip") ?? "").Split('-')[0],
            Phone = S("phone"),
            IntakePhone = S("intake1"),
            Website = S("website"),
            Source = ListingSource.Samhsa,
            SourceId = frid,
            ServicesReported = true,
        };
        var (latitude, longitude, coordinateError) = Coordinates(S("latitude"), S("longitude"));
        clinic.Latitude = latitude;
        clinic.Longitude = longitude;

        var unmapped = new List<string>();
        var otherLanguages = new List<string>();
        var careTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (row.TryGetProperty("services", out var services) && services.ValueKind == JsonValueKind.Array)
        {
            foreach (var service in services.EnumerateArray())
            {
                var category = service.TryGetProperty("f2", out var f2) ? f2.GetString() ?? "" : "";
                var labels = (service.TryGetProperty("f3", out var f3) ? f3.GetString() ?? "" : "")
                    .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (category == "TC")
                {
                    careTypes.UnionWith(labels);
                }

                if (SamhsaMapping.Categories.Contains(category))
                {
                    unmapped.AddRange(SamhsaMapping.Apply(clinic, category, labels, otherLanguages).Select(l => $"{category}: {l}"));
                }
            }
        }

        SamhsaMapping.Finish(clinic, careTypes.Contains("Mental health treatment"), careTypes.Contains("Substance use treatment"));
        clinic.OtherLanguages = otherLanguages.Count > 0 ? string.Join(", ", otherLanguages.Distinct()) : null;
        return new ImportRow(index, coordinateError is null ? clinic : null, coordinateError, unmapped) { Key = frid };
    }

    private static readonly string[] ExportHeader =
        ["name1", "name2", "street1", "street2", "city", "state", "zip", "zip4", "county", "phone", "intake_prompt", "intake1", "intake2", "website", "latitude", "longitude", "type_facility"];

    /// <summary>
    /// Reads the facility export: its 17 columns and, in the national download, one column per SAMHSA service
    /// code after them (<c>oit</c>, <c>otp</c>…, 1 when offered), mapped to our codes by <see cref="SamhsaMapping.Columns"/>.
    /// Without service columns the listings are marked "services not reported" and carry no codes: nothing is
    /// guessed. Service columns we do not know are named once in the summary, never fatal. The key is a
    /// normalised name and address, so re-imports update listings instead of duplicating them.
    /// </summary>
    public static IEnumerable<ImportRow> ReadExportCsv(TextReader reader, bool substanceUseOnly)
    {
        using var csv = CsvReader.Create(reader, ClinicCsv.ReaderOptions(), leaveOpen: true);
        if (!csv.Read())
        {
            throw new ImportFormatException("the file is empty");
        }

        var header = ClinicCsv.Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        if (header.Length < ExportHeader.Length || !header.Take(ExportHeader.Length).SequenceEqual(ExportHeader))
        {
            throw new ImportFormatException("this is not a FindTreatment.gov export: the header must be " + string.Join(",", ExportHeader) +
                ", optionally followed by one column per service code");
        }

        var serviceColumns = header.Skip(ExportHeader.Length).ToArray();
        var unknown = serviceColumns.Where(c => !SamhsaMapping.Columns.ContainsKey(c)).Distinct().ToList();
        IReadOnlyList<string> fileNotes = unknown.Count > 0
            ? [$"service columns not read (not SAMHSA codes we know): {string.Join(", ", unknown)}"]
            : [];
        var servicesReported = serviceColumns.Any(SamhsaMapping.Columns.ContainsKey);
        while (csv.Read())
        {
            var line = (int)csv.LineNumber;
            var fields = ClinicCsv.Fields(csv);
            if (fields.Length != header.Length)
            {
                yield return new ImportRow(line, null, $"expected {header.Length} fields, found {fields.Length}", []) { FileNotes = fileNotes };
                fileNotes = [];
                continue;
            }

            string? F(string name) => Clean(fields[Array.IndexOf(ExportHeader, name)]);
            var type = F("type_facility");
            if (substanceUseOnly && type != "SA")
            {
                continue;
            }

            var clinic = new Clinic
            {
                Name = F("name1") ?? "",
                ProgramName = F("name2"),
                Street = F("street1") ?? "",
                Street2 = F("street2"),
                City = F("city") ?? "",
                State = (F("state") ?? "").ToUpperInvariant(),
                Zip = F("zip") ?? "",
                Phone = F("phone"),
                IntakePhone = IntakePhone(F("intake1"), F("intake2")),
                Website = F("website"),
                Source = ListingSource.Samhsa,
                ServicesReported = servicesReported,
            };
            var offered = serviceColumns.Where((code, i) => fields[ExportHeader.Length + i].Trim() == "1");
            SamhsaMapping.ApplyColumns(clinic, offered, type);
            var key = "ft-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(NormalisedKey(clinic))))[..16].ToLowerInvariant();
            clinic.SourceId = key;
            var (latitude, longitude, error) = Coordinates(F("latitude"), F("longitude"));
            clinic.Latitude = latitude;
            clinic.Longitude = longitude;
            yield return new ImportRow(line, error is null ? clinic : null, error, [])
            {
                FileNotes = fileNotes,
                SaysNothingOfServices = !servicesReported,
                Key = key,
                MayRepeatFacility = true,
                SubstanceUse = type == "SA",
                FacilityType = type is "SA" or "MH" ? type : null,
            };
            fileNotes = [];
        }
    }

    /// <summary>The first intake number that is a phone number; the second is used when the first is missing or unusable.</summary>
    private static string? IntakePhone(string? first, string? second) =>
        first is not null && (second is null || ListingRules.IsPhone(first)) ? first : second;

    /// <summary>Name and address reduced to lower-case letters and digits, so spacing and punctuation do not split duplicates.</summary>
    public static string NormalisedKey(Clinic clinic) =>
        new string($"{clinic.Name}|{clinic.ProgramName}|{clinic.Street}|{clinic.City}|{clinic.State}|{clinic.Zip}"
            .ToLowerInvariant().Where(ch => char.IsLetterOrDigit(ch) || ch == '|').ToArray());

    /// <summary>"NA" and blanks in the public files mean no value.</summary>
    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed == "NA" ? null : trimmed;
    }

    private static (double Latitude, double Longitude, string? Error) Coordinates(string? latitude, string? longitude)
    {
        if (!double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) ||
            !double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
        {
            return (0, 0, "latitude and longitude are required numbers");
        }

        return (lat, lon, null);
    }
}
