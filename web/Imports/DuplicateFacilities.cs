using IopFinder.Web.Clinics;

namespace IopFinder.Web.Imports;

/// <summary>
/// FindTreatment.gov's export lists a facility once per type of care: one row as mental health (MH), one as
/// substance use (SA), sometimes with the name typed differently ("Cub House" and "CubHouse") or with name and
/// program swapped. Those rows become one listing that keeps what each says. Anything else at one address is
/// another program and stays apart: a merge that joins two programs makes one of them vanish from the
/// directory (a teen program into an adult one, an inpatient unit into an outpatient clinic), so the rules
/// merge only what is surely one facility, and name every merge and every near miss in the import's report.
/// </summary>
public static partial class DuplicateFacilities
{
    /// <summary>
    /// Returns the rows with each group of duplicates merged into its first substance-use row (or its first
    /// row), in file order. Merges are described in <paramref name="merges"/> ("kept X; merged Y into it
    /// because …"); rows alike but kept apart, and values a merge could not keep, in <paramref name="warnings"/>.
    /// </summary>
    public static List<ImportRow> Merge(IReadOnlyList<ImportRow> rows, List<string> warnings, out int merged, List<string>? merges = null)
    {
        merges ??= warnings;
        merged = 0;
        var clusterOf = new Dictionary<ImportRow, List<ImportRow>>(ReferenceEqualityComparer.Instance);
        foreach (var sameAddress in rows.Where(r => r.MayRepeatFacility).GroupBy(r => Address(r.Clinic!), StringComparer.Ordinal))
        {
            foreach (var cluster in Clusters(sameAddress.ToList(), warnings))
            {
                foreach (var row in cluster)
                {
                    clusterOf[row] = cluster;
                }
            }
        }

        var result = new List<ImportRow>(rows.Count);
        var done = new HashSet<ImportRow>(ReferenceEqualityComparer.Instance);
        foreach (var row in rows)
        {
            if (!row.MayRepeatFacility)
            {
                result.Add(row);
                continue;
            }

            if (!done.Add(row))
            {
                continue;
            }

            var cluster = clusterOf[row];
            done.UnionWith(cluster);
            merged += cluster.Count - 1;
            result.Add(cluster.Count == 1 ? row : Combine(cluster, warnings, merges));
        }

        return result;
    }

    /// <summary>Street, city, state and ZIP as validated (a repaired ZIP+4 matches its five digits), in lower-case letters and digits.</summary>
    private static string Address(Clinic c) => $"{Letters(c.Street)}|{Letters(c.City)}|{c.State}|{c.Zip}";

    /// <summary>
    /// The facilities among the rows of one address. Rows with the same name (in either order of name and
    /// program) are one facility, whatever their type. Beyond that, one SA facility and one MH facility join
    /// when their names are alike (<see cref="Alike"/>) and each is the other's only such candidate: a row
    /// alike to two others (an organisation's bare name beside two of its programs) joins neither, so no
    /// chain of likenesses can join two programs. A strong likeness (one name within the other, a slip) outranks
    /// a weak one (the same organisation): the weak counts only where a group has no strong candidate.
    /// </summary>
    private static List<List<ImportRow>> Clusters(List<ImportRow> sameAddress, List<string> warnings)
    {
        var groups = new List<List<ImportRow>>();
        foreach (var row in sameAddress.OrderBy(r => r.Line))
        {
            if (groups.FirstOrDefault(g => SameName(g[0].Clinic!, row.Clinic!)) is { } group)
            {
                group.Add(row);
            }
            else
            {
                groups.Add([row]);
            }
        }

        // The strongest likeness between two groups decides; a group's candidates are the others of that strength.
        int Strength(List<ImportRow> g, List<ImportRow> other) =>
            g == other || !OppositeTypes(g, other) ? 0 : g.SelectMany(a => other.Select(b => Likeness(a.Clinic!, b.Clinic!).Strength)).DefaultIfEmpty(0).Max();
        var candidates = new Dictionary<List<ImportRow>, List<List<ImportRow>>>(ReferenceEqualityComparer.Instance);
        foreach (var g in groups)
        {
            var strengths = groups.Select(other => (Other: other, Strength: Strength(g, other))).Where(c => c.Strength > 0).ToList();
            var best = strengths.Select(c => c.Strength).DefaultIfEmpty(0).Max();
            candidates[g] = strengths.Where(c => c.Strength == best).Select(c => c.Other).ToList();
        }

        var joined = new HashSet<List<ImportRow>>(ReferenceEqualityComparer.Instance);
        var clusters = new List<List<ImportRow>>();
        foreach (var group in groups)
        {
            if (joined.Contains(group))
            {
                continue;
            }

            var mine = candidates[group];
            if (mine.Count == 1 && candidates[mine[0]] is [var theirs] && theirs == group && !joined.Contains(mine[0]))
            {
                joined.Add(mine[0]);
                clusters.Add([.. group, .. mine[0]]);
                continue;
            }

            if (mine.Count > 1)
            {
                warnings.Add($"line {group[0].Line}: '{Described(group[0].Clinic!)}' is alike to lines {string.Join(", ", mine.Select(g => g[0].Line))} at the same address; kept apart, since it cannot be the same facility as all of them");
            }

            clusters.Add(group);
        }

        return clusters;
    }

    /// <summary>
    /// Whether two facilities' rows could be one facility's SA and MH rows: the export lists each facility once per
    /// type, so two rows of one type are two programs. A row that gives no type could be either.
    /// </summary>
    private static bool OppositeTypes(List<ImportRow> a, List<ImportRow> b)
    {
        var (typesA, typesB) = (a.Select(r => r.FacilityType).OfType<string>().ToHashSet(), b.Select(r => r.FacilityType).OfType<string>().ToHashSet());
        return !typesA.Overlaps(typesB);
    }

    /// <summary>The same name, ignoring case, spaces and punctuation, in either order of name and program.</summary>
    private static bool SameName(Clinic a, Clinic b)
    {
        var (a1, a2) = (Letters(a.Name), Letters(a.ProgramName));
        var (b1, b2) = (Letters(b.Name), Letters(b.ProgramName));
        return a1 + a2 == b1 + b2 || a1 + a2 == b2 + b1;
    }

    /// <summary>
    /// Why two rows of one address with different names (one of each type) are one facility, or null. Both need
    /// the same phone, extension included, and, when both names have any, the same words for age groups, levels
    /// of care and numbered phases ("Teen Phase I" is not "Teen Phase II", "Inpatient" is not "Outpatient").
    /// Then: every word of one name is in the other (common abbreviations spelt out: "Servs", "Hlth"), or the
    /// organisation is the same, or the part where the names differ is a typing slip of at most two letters.
    /// </summary>
    public static string? Alike(Clinic a, Clinic b) => Likeness(a, b).Reason;

    /// <summary>How alike two rows are: strongly (one name within the other, or a slip), weakly (the same organisation), or not.</summary>
    private static (int Strength, string? Reason) Likeness(Clinic a, Clinic b)
    {
        if (a.Phone is null || b.Phone is null || !SamePhone(a.Phone, b.Phone))
        {
            return (0, null);
        }

        var (x, y) = (Words(a), Words(b));
        var (onlyX, onlyY) = (x.Except(y).ToList(), y.Except(x).ToList());
        if (onlyX.Any(Distinguishing.Contains) && onlyY.Any(Distinguishing.Contains))
        {
            // "Teen Phase I" and "Teen Phase II", "Outpatient" and "Inpatient": each name says something the other
            // contradicts. A bare name ("West End Outreach Services") may still be its one program's other row: the
            // rule that a row alike to two others joins neither keeps it from joining two programs.
            return (0, null);
        }

        if (onlyX.Count == 0 || onlyY.Count == 0)
        {
            return (2, "every word of one name is in the other and the phone is the same");
        }

        var start = 0;
        while (start < x.Count && start < y.Count && x[start] == y[start])
        {
            start++;
        }

        var end = 0;
        while (end < x.Count - start && end < y.Count - start && x[^(end + 1)] == y[^(end + 1)])
        {
            end++;
        }

        var (restX, restY) = (string.Concat(x.Skip(start).Take(x.Count - start - end)), string.Concat(y.Skip(start).Take(y.Count - start - end)));
        if (!onlyX.Concat(onlyY).Any(Distinguishing.Contains) && WithinEdits(restX, restY, 2))
        {
            return (2, $"the names differ only in '{restX}' and '{restY}' and the phone is the same");
        }

        return Letters(a.Name) == Letters(b.Name) && !onlyX.Concat(onlyY).Any(Distinguishing.Contains)
            ? (1, "the organisation and the phone are the same, with one row of each type")
            : (0, null);
    }

    /// <summary>Words that tell programs apart: a different one means a different program, however alike the rest.</summary>
    private static readonly HashSet<string> Distinguishing = new(StringComparer.Ordinal)
    {
        "teen", "youth", "adolescent", "child", "children", "kid", "adult", "senior", "men", "man", "women", "woman", "boy", "girl",
        "inpatient", "outpatient", "residential", "detox", "detoxification", "php", "iop", "intensive", "partial", "crisis", "hospital",
        "i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5", "one", "two", "three", "east", "west", "north", "south",
    };

    private static readonly Dictionary<string, string> Abbreviations = new(StringComparer.Ordinal)
    {
        ["dept"] = "department", ["servs"] = "service", ["svcs"] = "service", ["svc"] = "service", ["srvs"] = "service",
        ["ctr"] = "center", ["cntr"] = "center", ["centre"] = "center", ["hlth"] = "health", ["cnty"] = "county", ["assoc"] = "association",
    };

    /// <summary>A name's words (name then program), lower case, abbreviations spelt out and plural -s dropped.</summary>
    private static List<string> Words(Clinic c) =>
        NonWordRuns().Split($"{c.Name} {c.ProgramName}".ToLowerInvariant())
            .Where(w => w.Length > 0)
            .Select(w => Abbreviations.GetValueOrDefault(w, w))
            .Select(w => w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) ? w[..^1] : w)
            .Select(w => w == "mens" ? "men" : w == "womens" ? "women" : w)
            .ToList();

    private static string Described(Clinic c) => c.ProgramName is null ? c.Name : $"{c.Name}, {c.ProgramName}";

    private static ImportRow Combine(List<ImportRow> cluster, List<string> warnings, List<string> merges)
    {
        var lead = cluster.FirstOrDefault(r => r.SubstanceUse) ?? cluster[0];
        var clinic = lead.Clinic!.Copy();
        foreach (var row in cluster.Where(r => r != lead))
        {
            var other = row.Clinic!;
            var reason = SameName(lead.Clinic!, other) ? "the same name"
                : cluster.Where(r => r != row && !SameName(r.Clinic!, other)).Select(r => Alike(r.Clinic!, other)).FirstOrDefault(a => a is not null) ?? "alike";
            if (Letters(other.Name) == Letters(clinic.Name) && other.Name.Count(char.IsWhiteSpace) > clinic.Name.Count(char.IsWhiteSpace))
            {
                // "Cub House" over "CubHouse": the same letters, typed with the word break.
                clinic.Name = other.Name;
            }

            var lost = new List<string>();
            if (other.ProgramName is not null && Letters(other.ProgramName) != Letters(clinic.Name) && clinic.ProgramName is not null
                && Letters(other.ProgramName) != Letters(clinic.ProgramName))
            {
                lost.Add($"program name '{other.ProgramName}'");
            }

            if (other.Street2 is not null && clinic.Street2 is not null && Letters(other.Street2) != Letters(clinic.Street2))
            {
                lost.Add($"second address line '{other.Street2}'");
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

            lost.AddRange(new[] { ("phone", clinic.Phone, other.Phone), ("intake phone", clinic.IntakePhone, other.IntakePhone) }
                .Where(f => f.Item3 is not null && !SamePhone(f.Item2, f.Item3))
                .Select(f => $"{f.Item1} '{f.Item3}'"));
            lost.AddRange(new[] { ("website", clinic.Website, other.Website) }
                .Where(f => f.Item3 is not null && !string.Equals(f.Item2, f.Item3, StringComparison.OrdinalIgnoreCase))
                .Select(f => $"{f.Item1} '{f.Item3}'"));
            merges.Add($"line {lead.Line}: kept '{Described(lead.Clinic!)}'; merged line {row.Line} '{Described(other)}' into it because {reason}");
            if (lost.Count > 0)
            {
                warnings.Add($"line {row.Line}: merged into line {lead.Line}, whose values were kept over this line's {string.Join(", ", lost)}");
            }
        }

        return lead with { Clinic = clinic, MergedKeys = cluster.Select(r => r.Key).OfType<string>().Where(k => k != lead.Key).Distinct().ToList() };
    }

    /// <summary>The lead row's value, or the other row's when the lead says nothing (or only repeats the name).</summary>
    private static string? Keep(string? lead, string? other, bool otherRepeatsName = false) =>
        lead is null && !otherRepeatsName ? other : lead;

    /// <summary>The same number, and the same extension: "x222" reaches another program than "x0".</summary>
    private static bool SamePhone(string? a, string? b) =>
        a is null || b is null || (Digits(a) == Digits(b) && Extension(a) == Extension(b));

    /// <summary>A phone's extension ("x 222", "ext. 222"), or "" without one; "x0" is the main line, so "" too.</summary>
    private static string Extension(string? phone)
    {
        var letter = phone is null ? -1 : phone.AsSpan().IndexOfAnyInRange('A', 'z');
        var digits = letter < 0 ? "" : new string(phone![letter..].Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits;
    }

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

    [System.Text.RegularExpressions.GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial System.Text.RegularExpressions.Regex NonWordRuns();
}
