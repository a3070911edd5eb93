using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Places;

namespace IopFinder.Web.Imports;

/// <summary>What an import did, and what it could not do.</summary>
public sealed class ImportSummary
{
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public List<(int Line, string Reason)> Rejected { get; } = [];
    public Dictionary<string, int> Unmapped { get; } = new(StringComparer.Ordinal);
    public List<string> Warnings { get; } = [];
    public bool Applied { get; set; }

    public override string ToString() =>
        $"added {Added}, updated {Updated}, unchanged {Unchanged}, rejected {Rejected.Count}" + (Applied ? "" : " (nothing was applied)");
}

/// <summary>
/// Validates rows, then applies the valid ones in one transaction: a listing with the same key is
/// updated (or left alone when nothing changed), a new key adds a listing. With <c>strict</c>, any
/// bad row refuses the whole file. Touched listings carry the import's source and date.
/// </summary>
public sealed partial class ClinicImporter(Db db, ClinicIndex index)
{
    public ImportSummary Import(IEnumerable<ImportRow> rows, bool strict, bool keepDates = false, Action<int>? progress = null, DateOnly? today = null)
    {
        var date = (today ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var summary = new ImportSummary();
        var valid = new List<ImportRow>();
        var seen = 0;
        foreach (var row in rows)
        {
            if (++seen % 5000 == 0)
            {
                progress?.Invoke(seen);
            }

            foreach (var label in row.Unmapped)
            {
                summary.Unmapped[label] = summary.Unmapped.GetValueOrDefault(label) + 1;
            }

            var error = row.Error ?? Validate(row.Clinic!, summary.Warnings, row.Line);
            if (error is null)
            {
                valid.Add(row);
            }
            else
            {
                summary.Rejected.Add((row.Line, error));
            }
        }

        if (strict && summary.Rejected.Count > 0)
        {
            return summary;
        }

        using (var connection = db.Open())
        using (var transaction = connection.BeginTransaction())
        {
            var existing = connection.Query<Clinic>($"SELECT {ClinicQueries.Columns} FROM clinics", transaction: transaction).ToList();
            var bySource = existing.Where(c => c.SourceId is not null).GroupBy(c => (c.Source, c.SourceId!)).ToDictionary(g => g.Key, g => g.First());
            var bySlug = existing.ToDictionary(c => c.Slug, StringComparer.Ordinal);
            var slugs = new HashSet<string>(bySlug.Keys, StringComparer.Ordinal);
            var changes = new List<Clinic>();
            var keysThisFile = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in valid)
            {
                var incoming = row.Clinic!;
                var current = keepDates ? bySlug.GetValueOrDefault(incoming.Slug) : bySource.GetValueOrDefault((incoming.Source, incoming.SourceId ?? ""));
                var key = keepDates ? incoming.Slug : incoming.SourceId ?? incoming.Slug;
                if (!keysThisFile.Add(key))
                {
                    // The same listing twice in one file (the export lists a place once per type of care).
                    summary.Unchanged++;
                    continue;
                }

                if (current is null)
                {
                    if (!keepDates)
                    {
                        incoming.Slug = UniqueSlug(Slugs.From($"{incoming.Name} {incoming.City} {incoming.State}"), slugs);
                        incoming.UpdatedAt = date;
                    }

                    slugs.Add(incoming.Slug);
                    changes.Add(incoming);
                    summary.Added++;
                    continue;
                }

                if (SameListing(current, incoming, keepDates))
                {
                    summary.Unchanged++;
                    continue;
                }

                incoming.Id = current.Id;
                if (!keepDates)
                {
                    // Moderation and clinic-owned facts survive a re-import of public data.
                    incoming.Slug = current.Slug;
                    incoming.Status = current.Status;
                    incoming.Claimed = current.Claimed;
                    incoming.Description ??= current.Description;
                    incoming.Accepting = current.Accepting;
                    incoming.WaitNote = current.WaitNote;
                    incoming.LastVerified = current.LastVerified;
                    incoming.UpdatedAt = date;
                }

                changes.Add(incoming);
                summary.Updated++;
            }

            ClinicQueries.Save(connection, transaction, changes);
            transaction.Commit();
            summary.Applied = true;
        }

        index.Nudge();
        return summary;
    }

    /// <summary>Why a listing cannot be stored, or null when it can. Fixable blemishes become warnings.</summary>
    public static string? Validate(Clinic clinic, List<string> warnings, int line)
    {
        if (string.IsNullOrWhiteSpace(clinic.Name)) return "name is required";
        if (string.IsNullOrWhiteSpace(clinic.Street) || string.IsNullOrWhiteSpace(clinic.City)) return "street and city are required";
        if (!StateNames.ByCode.ContainsKey(clinic.State)) return $"'{clinic.State}' is not a US state or territory code";
        if (!ZipPattern().IsMatch(clinic.Zip)) return $"ZIP '{clinic.Zip}' is not 5 digits";
        if (double.IsNaN(clinic.Latitude) || clinic.Latitude is < -90 or > 90) return "latitude must be between -90 and 90";
        if (double.IsNaN(clinic.Longitude) || clinic.Longitude is < -180 or > 180) return "longitude must be between -180 and 180";
        if (clinic.IopHoursPerWeek is { } hours && !double.IsFinite(hours)) return "IOP hours a week must be a number";
        if (OneLineFields(clinic).FirstOrDefault(f => f.Value?.Any(char.IsControl) == true) is { Name: { } field }) return $"{field} must be on one line, without control characters";
        if (clinic.Phone is not null && !PhonePattern().IsMatch(clinic.Phone)) return $"phone '{clinic.Phone}' is not a US phone number";
        if (clinic.IntakePhone is not null && !PhonePattern().IsMatch(clinic.IntakePhone)) return $"intake phone '{clinic.IntakePhone}' is not a US phone number";
        if (clinic.Status is not ("active" or "closed" or "hidden")) return $"status '{clinic.Status}' must be active, closed or hidden";
        if (clinic.Accepting is not ("yes" or "no" or "unknown")) return $"accepting '{clinic.Accepting}' must be yes, no or unknown";
        if (clinic.Source is not ("demo" or "samhsa" or "clinic" or "admin")) return $"source '{clinic.Source}' must be demo, samhsa, clinic or admin";
        if (clinic.Website is not null)
        {
            if (clinic.Website is "http://" or "https://")
            {
                // The public files use a bare scheme for "no website": keep the listing, drop the non-link.
                clinic.Website = null;
                warnings.Add($"line {line}: empty website dropped");
            }
            else if (!Uri.TryCreate(clinic.Website, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
            {
                return $"website '{clinic.Website}' must be an http or https address";
            }
        }

        return null;
    }

    /// <summary>Fields shown on one line and used in email subjects: a line break in them breaks both.</summary>
    private static IEnumerable<(string Name, string? Value)> OneLineFields(Clinic c) =>
    [
        ("name", c.Name), ("program name", c.ProgramName), ("street", c.Street), ("street2", c.Street2), ("city", c.City),
        ("phone", c.Phone), ("intake phone", c.IntakePhone), ("website", c.Website), ("wait note", c.WaitNote), ("other languages", c.OtherLanguages),
    ];

    private static bool SameListing(Clinic a, Clinic b, bool compareEverything)
    {
        using var left = new StringWriter();
        using var right = new StringWriter();
        var aCopy = compareEverything ? a : Comparable(a);
        var bCopy = compareEverything ? b : Comparable(b);
        ClinicCsv.Write(left, [aCopy]);
        ClinicCsv.Write(right, [bCopy]);
        return left.ToString() == right.ToString();
    }

    /// <summary>The fields a public import owns; the rest belong to moderators and clinics.</summary>
    private static Clinic Comparable(Clinic c) => new()
    {
        Name = c.Name, ProgramName = c.ProgramName, Street = c.Street, Street2 = c.Street2, City = c.City, State = c.State, Zip = c.Zip,
        Latitude = c.Latitude, Longitude = c.Longitude, Phone = c.Phone, IntakePhone = c.IntakePhone, Website = c.Website,
        CareMask = c.CareMask, PayMask = c.PayMask, AgeMask = c.AgeMask, PopMask = c.PopMask, LangMask = c.LangMask, ServiceMask = c.ServiceMask,
        AccredMask = c.AccredMask, OtherLanguages = c.OtherLanguages, ServicesReported = c.ServicesReported, Source = c.Source, SourceId = c.SourceId,
    };

    private static string UniqueSlug(string slug, HashSet<string> taken)
    {
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex ZipPattern();

    /// <summary>Ten digits (optionally with a leading 1), in any common punctuation, with an optional extension.</summary>
    [GeneratedRegex(@"^\+?1?[\s.\-]*\(?\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}(\s*(x|ext\.?)\s*\d{1,6})?$", RegexOptions.IgnoreCase)]
    private static partial Regex PhonePattern();
}
