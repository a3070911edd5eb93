using IopFinder.Web.Clinics;

namespace IopFinder.Web.Imports;

/// <summary>
/// FindTreatment.gov's export lists a facility once per type of care: one row as mental health, one as
/// substance use, sometimes with the name typed differently ("Cub House" and "CubHouse") or with name
/// and program swapped. Rows at the same address whose names agree become one listing that keeps what
/// each row says. Rows whose names differ (two programs of one hospital) stay apart.
/// </summary>
public static class DuplicateFacilities
{
    /// <summary>
    /// Returns the rows with each group of duplicates merged into its first substance-use row (or its
    /// first row), in file order. Conflicting values that could not be kept are named in <paramref name="warnings"/>.
    /// </summary>
    public static List<ImportRow> Merge(IReadOnlyList<ImportRow> rows, List<string> warnings, out int merged)
    {
        merged = 0;
        var result = new List<ImportRow>(rows.Count);
        var groups = rows.Where(r => r.MayRepeatFacility).GroupBy(r => Address(r.Clinic!), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var done = new HashSet<ImportRow>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            if (!row.MayRepeatFacility)
            {
                result.Add(row);
                continue;
            }

            if (done.Contains(row))
            {
                continue;
            }

            var cluster = Cluster(groups[Address(row.Clinic!)], row);
            done.UnionWith(cluster);
            merged += cluster.Count - 1;
            result.Add(cluster.Count == 1 ? row : Combine(cluster, warnings));
        }

        return result;
    }

    /// <summary>Street, city, state and ZIP as validated (a repaired ZIP+4 matches its five digits), in lower-case letters and digits.</summary>
    private static string Address(Clinic c) => $"{Letters(c.Street)}|{Letters(c.City)}|{c.State}|{c.Zip}";

    /// <summary>The rows of one address that are the same facility as <paramref name="first"/>, directly or through another row, in file order.</summary>
    private static List<ImportRow> Cluster(List<ImportRow> sameAddress, ImportRow first)
    {
        var cluster = new List<ImportRow> { first };
        for (var i = 0; i < cluster.Count; i++)
        {
            foreach (var other in sameAddress)
            {
                if (!cluster.Contains(other) && SameFacility(cluster[i].Clinic!, other.Clinic!))
                {
                    cluster.Add(other);
                }
            }
        }

        return cluster.OrderBy(r => r.Line).ToList();
    }

    /// <summary>
    /// Same address is given. The same name (ignoring case, spaces and punctuation, in either order of
    /// name and program) is one facility. A name that extends the other or differs by a slip is one
    /// facility only when the phone agrees too: "Sound, Tukwila" and "Sound, Tukwila West" with different
    /// numbers are two programs.
    /// </summary>
    public static bool SameFacility(Clinic a, Clinic b)
    {
        var (a1, a2) = (Letters(a.Name), Letters(a.ProgramName));
        var (b1, b2) = (Letters(b.Name), Letters(b.ProgramName));
        if (a1 + a2 == b1 + b2 || a1 + a2 == b2 + b1)
        {
            return true;
        }

        if (!SamePhone(a.Phone, b.Phone))
        {
            return false;
        }

        var (x, y) = (a1 + a2, b1 + b2);
        return x.StartsWith(y, StringComparison.Ordinal) || y.StartsWith(x, StringComparison.Ordinal)
            || WithinEdits(x, y, Math.Max(2, Math.Min(x.Length, y.Length) / 10));
    }

    private static ImportRow Combine(List<ImportRow> cluster, List<string> warnings)
    {
        var lead = cluster.FirstOrDefault(r => r.SubstanceUse) ?? cluster[0];
        var clinic = lead.Clinic!.Copy();
        foreach (var row in cluster.Where(r => r != lead))
        {
            var other = row.Clinic!;
            if (Letters(other.Name) == Letters(clinic.Name) && other.Name.Count(char.IsWhiteSpace) > clinic.Name.Count(char.IsWhiteSpace))
            {
                // "Cub House" over "CubHouse": the same letters, typed with the word break.
                clinic.Name = other.Name;
            }

            clinic.ProgramName = Keep(clinic.ProgramName, other.ProgramName, Letters(other.ProgramName) == Letters(clinic.Name));
            clinic.Street2 = Keep(clinic.Street2, other.Street2);
            clinic.Website = Keep(clinic.Website, other.Website);
            clinic.Phone = Keep(clinic.Phone, other.Phone);
            clinic.IntakePhone = Keep(clinic.IntakePhone, other.IntakePhone);
            clinic.OtherLanguages = Keep(clinic.OtherLanguages, other.OtherLanguages);
            foreach (var set in ClinicCodes.All)
            {
                clinic.SetMask(set, clinic.MaskOf(set) | other.MaskOf(set));
            }

            var lost = new[] { ("phone", clinic.Phone, other.Phone), ("intake phone", clinic.IntakePhone, other.IntakePhone) }
                .Where(f => f.Item3 is not null && !SamePhone(f.Item2, f.Item3))
                .Concat(new[] { ("website", clinic.Website, other.Website) }.Where(f => f.Item3 is not null && !string.Equals(f.Item2, f.Item3, StringComparison.OrdinalIgnoreCase)))
                .Select(f => $"{f.Item1} '{f.Item3}'")
                .ToList();
            warnings.Add($"line {row.Line}: the same facility as line {lead.Line}, merged into it" +
                (lost.Count > 0 ? $"; line {lead.Line}'s values were kept over this line's {string.Join(", ", lost)}" : ""));
        }

        return lead with { Clinic = clinic, MergedKeys = cluster.Select(r => r.Key).OfType<string>().Where(k => k != lead.Key).Distinct().ToList() };
    }

    /// <summary>The lead row's value, or the other row's when the lead says nothing (or only repeats the name).</summary>
    private static string? Keep(string? lead, string? other, bool otherRepeatsName = false) =>
        lead is null && !otherRepeatsName ? other : lead;

    private static bool SamePhone(string? a, string? b) =>
        a is null || b is null || Digits(a) == Digits(b);

    /// <summary>The ten digits of a US number, without a leading 1 or an extension.</summary>
    private static string Digits(string phone)
    {
        var digits = new string(phone.TakeWhile(ch => !char.IsLetter(ch)).Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 11 && digits[0] == '1' ? digits[1..] : digits;
    }

    private static string Letters(string? value) =>
        value is null ? "" : new string(value.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    /// <summary>Whether Levenshtein distance is at most <paramref name="limit"/>, giving up as soon as a row of the table exceeds it.</summary>
    private static bool WithinEdits(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return false;
        }

        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var best = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                best = Math.Min(best, current[j]);
            }

            if (best > limit)
            {
                return false;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length] <= limit;
    }
}
