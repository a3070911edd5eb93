namespace IopFinder.Web.Clinics;

/// <summary>One code a clinic can carry, with the words people see.</summary>
public sealed record Code(string Value, string Label);

/// <summary>
/// A set of codes stored as a bit mask: a code's bit is its position in the list, so the order of
/// each list is part of the database format. Add new codes at the end only.
/// </summary>
public sealed class CodeSet(string parameter, string title, params Code[] codes)
{
    /// <summary>The query-string name of this filter on /clinics (care, pay, age…).</summary>
    public string Parameter { get; } = parameter;

    public string Title { get; } = title;

    public IReadOnlyList<Code> Codes { get; } = codes;

    public bool IsKnown(string value) => Codes.Any(c => c.Value == value);

    /// <summary>
    /// The code <paramref name="value"/> of this set, for code that names one (the self-check's link, the demo
    /// seeder, a page): a name that is not in the set throws, so a typo fails the first test that reaches it
    /// instead of quietly matching nothing. Visitors' values are checked with <see cref="IsKnown"/> instead.
    /// </summary>
    public string Code(string value) =>
        IsKnown(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"'{value}' is not a code of '{Parameter}'.");

    public long Mask(IEnumerable<string> values)
    {
        long mask = 0;
        foreach (var value in values)
        {
            for (var i = 0; i < Codes.Count; i++)
            {
                if (Codes[i].Value == value)
                {
                    mask |= 1L << i;
                }
            }
        }

        return mask;
    }

    public IReadOnlyList<string> Values(long mask) =>
        Codes.Where((_, i) => (mask & (1L << i)) != 0).Select(c => c.Value).ToList();

    public string Label(string value) => Codes.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}

/// <summary>The directory's code sets (DOMAIN.md), shared by search, listing pages, imports and the API.</summary>
public static class ClinicCodes
{
    public static readonly CodeSet Care = new("care", "Level of care",
        new("op", "Outpatient"),
        new("iop", "Intensive outpatient (IOP)"),
        new("php", "Partial hospitalization (PHP)"),
        new("residential", "Residential"),
        new("inpatient", "Inpatient (hospital)"),
        new("detox", "Withdrawal management (detox)"),
        new("otp", "Opioid treatment program (methadone clinic)"));

    public static readonly CodeSet Pay = new("pay", "Payment",
        new("medicaid", "Medicaid"),
        new("medicare", "Medicare"),
        new("private", "Private insurance"),
        new("military", "Military insurance (TRICARE)"),
        new("selfpay", "Cash or self-pay"),
        new("sliding", "Sliding fee scale"),
        new("free", "Free for people who cannot pay"));

    public static readonly CodeSet Age = new("age", "Ages served",
        new("adults", "Adults"),
        new("adolescents", "Teens (adolescents)"),
        new("young_adults", "Young adults"),
        new("seniors", "Older adults"));

    public static readonly CodeSet Population = new("pop", "Programs for",
        new("veterans", "Veterans"),
        new("lgbtq", "LGBTQ+ people"),
        new("women", "Women"),
        new("men", "Men"),
        new("pregnant", "Pregnant or postpartum people"),
        new("criminal_justice", "People involved with the justice system"),
        new("trauma", "People who have experienced trauma"));

    public static readonly CodeSet Language = new("lang", "Languages",
        new("spanish", "Spanish"),
        new("asl", "American Sign Language"));

    public static readonly CodeSet Service = new("service", "Services",
        new("mat", "Medication for addiction treatment"),
        new("buprenorphine", "Buprenorphine"),
        new("methadone", "Methadone"),
        new("naltrexone", "Naltrexone"),
        new("co_occurring", "Mental health care alongside (co-occurring)"),
        new("family_therapy", "Family therapy"),
        new("telehealth", "Telehealth (online sessions)"),
        new("evening", "Evening sessions"),
        new("weekend", "Weekend sessions"),
        new("transport", "Help with transportation"));

    public static readonly CodeSet Accreditation = new("accred", "Licensing and accreditation",
        new("joint_commission", "The Joint Commission"),
        new("carf", "CARF"),
        new("ncqa", "NCQA"),
        new("coa", "COA"),
        new("state_licensed", "State licensed"));

    public static readonly IReadOnlyList<CodeSet> All = [Care, Pay, Age, Population, Language, Service, Accreditation];
}
