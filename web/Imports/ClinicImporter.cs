using System.Globalization;
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

    /// <summary>Every merge of rows into one listing, each with the row kept and why: "kept X; merged Y into it because …".</summary>
    public List<string> Merges { get; } = [];

    /// <summary>Optional fields repaired or dropped, with their lines; the rows themselves were kept.</summary>
    public List<(int Line, FieldFix Fix)> Fixes { get; } = [];

    public int Repaired => Fixes.Count(f => !f.Fix.Dropped);
    public int Dropped => Fixes.Count(f => f.Fix.Dropped);

    /// <summary>Rows that described a facility another row of the file already lists, merged into that listing.</summary>
    public int Merged { get; set; }
    public bool Applied { get; set; }

    public override string ToString() =>
        $"added {Added}, updated {Updated}, unchanged {Unchanged}, rejected {Rejected.Count}; merged {Merged} duplicate rows; fields repaired {Repaired}, dropped {Dropped}"
        + (Applied ? "" : " (nothing was applied)");
}

/// <summary>Which kind of file an import reads, which decides how its rows meet the listings already stored.</summary>
public enum ImportMode
{
    /// <summary>
    /// A public directory's file (FindTreatment.gov): rows match listings by the source's own id, new listings
    /// get slugs of their own, every touched listing is dated today, and what moderators and clinics own
    /// (status, claim, description, openings, verification) survives.
    /// </summary>
    PublicData,

    /// <summary>IopFinder's own CSV: rows match listings by slug and are stored exactly as written, dates included.</summary>
    OwnCsv,
}

/// <summary>
/// Validates rows, then applies the valid ones in one transaction: a listing with the same key is
/// updated (or left alone when nothing changed), a new key adds a listing. A bad required field rejects
/// its row; a bad optional field is repaired or dropped and the row kept. Rows that repeat one facility
/// merge into one listing. With <c>strict</c>, any bad row or field refuses the whole file.
/// </summary>
public sealed class ClinicImporter(Db db, ClinicIndex index)
{
    public ImportSummary Import(IEnumerable<ImportRow> rows, bool strict, ImportMode mode = ImportMode.PublicData, Action<int>? progress = null, DateOnly? today = null)
    {
        var summary = new ImportSummary();
        var valid = ValidRows(rows, strict, summary, progress);
        if (strict && summary.Rejected.Count > 0)
        {
            return summary;
        }

        valid = DuplicateFacilities.Merge(valid, summary.Warnings, out var merged, summary.Merges);
        summary.Merged = merged;
        var date = (today ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.Save(connection, transaction, Match(valid, ClinicQueries.All(connection, transaction), mode, date, summary));
            transaction.Commit();
            summary.Applied = true;
        }

        index.Nudge();
        return summary;
    }

    /// <summary>The rows that may be stored (their optional fields repaired or dropped); the others are counted as rejected.</summary>
    private static List<ImportRow> ValidRows(IEnumerable<ImportRow> rows, bool strict, ImportSummary summary, Action<int>? progress)
    {
        var valid = new List<ImportRow>();
        var seen = 0;
        foreach (var row in rows)
        {
            if (++seen % 5000 == 0)
            {
                progress?.Invoke(seen);
            }

            summary.Warnings.AddRange(row.FileNotes);
            foreach (var label in row.Unmapped)
            {
                summary.Unmapped[label] = summary.Unmapped.GetValueOrDefault(label) + 1;
            }

            if (row.Closes && row.Clinic is not null)
            {
                // Nothing of it is stored but its closing: its fields need no checking.
                valid.Add(row);
                continue;
            }

            var fixes = strict ? null : new List<FieldFix>();
            var error = row.Error ?? Validate(row.Clinic!, summary.Warnings, row.Line, fixes);
            if (error is null)
            {
                valid.Add(row);
                foreach (var fix in fixes ?? [])
                {
                    summary.Fixes.Add((row.Line, fix));
                    summary.Warnings.Add($"line {row.Line}: {fix.Describe()}");
                }
            }
            else
            {
                summary.Rejected.Add((row.Line, error));
            }
        }

        return valid;
    }

    /// <summary>Matches each row to a stored listing as <paramref name="mode"/> says, and returns the listings to add or update.</summary>
    private static List<Clinic> Match(List<ImportRow> valid, List<Clinic> existing, ImportMode mode, string date, ImportSummary summary)
    {
        var publicData = mode == ImportMode.PublicData;
        var bySource = existing.Where(c => c.SourceId is not null).GroupBy(c => (c.Source, c.SourceId!)).ToDictionary(g => g.Key, g => g.First());
        var bySlug = existing.ToDictionary(c => c.Slug, StringComparer.Ordinal);
        var slugs = new HashSet<string>(bySlug.Keys, StringComparer.Ordinal);
        var changes = new List<Clinic>();
        var keysThisFile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in valid)
        {
            var incoming = row.Clinic!;
            var matches = publicData
                ? row.MergedKeys.Prepend(incoming.SourceId ?? "").Select(k => bySource.GetValueOrDefault((incoming.Source, k))).ToList()
                : [bySlug.GetValueOrDefault(incoming.Slug)];
            var current = matches.FirstOrDefault(c => c is not null);
            var key = publicData ? incoming.SourceId ?? incoming.Slug : incoming.Slug;
            if (row.Closes)
            {
                keysThisFile.Add(key);
                if (current is { Status: ListingStatus.Active, Claimed: true })
                {
                    // A clinic keeps this listing: it, not the public file, says whether the program runs.
                    summary.Unchanged++;
                    summary.Warnings.Add($"line {row.Line}: listing {current.Slug} left open: its source says the program is no longer active, but the clinic keeps the listing");
                }
                else if (current is { Status: ListingStatus.Active })
                {
                    Retire(current, ListingStatus.Closed, $"line {row.Line}: listing {current.Slug} closed: its source says the program is no longer active");
                }
                else
                {
                    summary.Unchanged++;
                    summary.Warnings.Add($"line {row.Line}: not added: its source says the program is no longer active");
                }

                continue;
            }

            if (!keysThisFile.Add(key))
            {
                // The same listing twice in one file (a locator file that repeats a frid).
                summary.Unchanged++;
                continue;
            }

            keysThisFile.UnionWith(row.MergedKeys);
            if (current is null)
            {
                if (publicData)
                {
                    incoming.Slug = UniqueSlug(Slugs.From($"{incoming.Name} {incoming.City} {incoming.State}"), slugs);
                    incoming.UpdatedAt = date;
                }

                slugs.Add(incoming.Slug);
                changes.Add(incoming);
                summary.Added++;
                continue;
            }

            if (publicData)
            {
                // A listing imported before rows merged may carry the key of any row of its facility.
                incoming.SourceId = current.SourceId;
                foreach (var older in matches.OfType<Clinic>().Where(c => c != current && c.Status == ListingStatus.Active && !c.Claimed).Distinct())
                {
                    // Imported earlier as a second listing of this facility: the merged listing replaces it.
                    Retire(older, ListingStatus.Hidden, $"line {row.Line}: listing {older.Slug} repeated this facility and is now hidden; {current.Slug} lists it");
                }
            }

            if (row.KeepsStoredStatus)
            {
                incoming.Status = current.Status;
            }

            if (publicData && row.SaysNothingOfServices && current.ServicesReported)
            {
                // A file that does not say which services a facility offers (the 17-column export) leaves alone the
                // codes an earlier file with services (the national download, the locator) gave it.
                foreach (var set in ClinicCodes.All)
                {
                    incoming.SetMask(set, current.MaskOf(set));
                }

                incoming.OtherLanguages ??= current.OtherLanguages;
                incoming.ServicesReported = true;
            }

            if (row.LacksOpeningsAndSchedule)
            {
                // The file says nothing about them, so it changes nothing about them.
                current.Openings.ApplyTo(incoming);
                incoming.IopSchedule = current.IopSchedule;
                incoming.TimeZone = current.TimeZone;
                ProgramTracks.Derive(incoming, incoming.Tracks);
            }

            if (SameListing(current, incoming, compareEverything: !publicData))
            {
                summary.Unchanged++;
                continue;
            }

            incoming.Id = current.Id;
            if (publicData)
            {
                // Moderation and clinic-owned facts survive a re-import of public data.
                incoming.Slug = current.Slug;
                incoming.Status = current.Status;
                incoming.Claimed = current.Claimed;
                incoming.Description ??= current.Description;
                incoming.Accepting = current.Accepting;
                incoming.WaitNote = current.WaitNote;
                current.Openings.ApplyTo(incoming);
                // A schedule is the clinic's, approved by a moderator: public data never carries one.
                incoming.IopSchedule = current.IopSchedule;
                incoming.TimeZone = current.TimeZone;
                ProgramTracks.Derive(incoming, incoming.Tracks);
                incoming.LastVerified = current.LastVerified;
                incoming.UpdatedAt = date;
            }

            changes.Add(incoming);
            summary.Updated++;
        }

        return changes;

        // Takes a stored listing out of the directory, dated today, and says so in the report.
        void Retire(Clinic listing, string status, string warning)
        {
            var retired = listing.Copy();
            retired.Status = status;
            retired.UpdatedAt = date;
            changes.Add(retired);
            summary.Updated++;
            summary.Warnings.Add(warning);
        }
    }

    /// <summary>
    /// Why a listing cannot be stored, or null when it can: the shared rules (<see cref="ListingRules.Check"/>),
    /// after the public files' one convention of their own: a bare scheme as the website means "no website",
    /// which only warns.
    /// </summary>
    public static string? Validate(Clinic clinic, List<string> warnings, int line, List<FieldFix>? fixes = null)
    {
        if (clinic.Website is "http://" or "https://")
        {
            clinic.Website = null;
            warnings.Add($"line {line}: empty website dropped");
        }

        return ListingRules.Check(clinic, fixes);
    }

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
}
