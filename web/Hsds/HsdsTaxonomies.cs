using System.Security.Cryptography;
using System.Text;
using IopFinder.Web.Clinics;

namespace IopFinder.Web.Hsds;

/// <summary>
/// HSDS ids. A listing's entities have UUIDs that carry the listing's id (version 8, RFC 9562's layout for
/// application-defined UUIDs): a fixed prefix, the entity's role, a child number and the listing id. So they are
/// stable across exports and instances, a new listing never gets an old one's (listing ids are never reused), and
/// an id in a request leads straight to its listing. Taxonomies and terms have name-based UUIDs (version 5).
/// </summary>
public static class HsdsIds
{
    private const string Prefix = "10f1d0e5";
    private static readonly byte[] Namespace = Convert.FromHexString("6f1c3e2a9b8d4c5e8a7f0d1e2c3b4a59");

    public enum Role
    {
        Organization = 1,
        Service = 2,
        Location = 3,
        ServiceAtLocation = 4,
        Address = 5,
        Phone = 6,
        Schedule = 7,
        Language = 8,
        Attribute = 9,
    }

    public static string Of(long listing, Role role, int child = 0)
    {
        var tail = (0x8000_0000_0000_0000UL | (ulong)listing).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return $"{Prefix}-{(int)role:x4}-{0x8000 | (child & 0xFFF):x4}-{tail[..4]}-{tail[4..]}";
    }

    /// <summary>The listing an id of <paramref name="role"/> names, or null when it is not one of ours.</summary>
    public static long? ListingOf(string? id, Role role)
    {
        if (id is not { Length: 36 } || !id.StartsWith(Prefix + "-", StringComparison.OrdinalIgnoreCase) ||
            !int.TryParse(id.AsSpan(9, 4), System.Globalization.NumberStyles.HexNumber, null, out var r) || r != (int)role ||
            !ulong.TryParse(id[19..23] + id[24..], System.Globalization.NumberStyles.HexNumber, null, out var tail) || (tail & 0xC000_0000_0000_0000UL) != 0x8000_0000_0000_0000UL)
        {
            return null;
        }

        return (long)(tail & 0x3FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>A name-based UUID (version 5) for a taxonomy or term.</summary>
    public static string Of(string name)
    {
        var hash = SHA1.HashData([.. Namespace, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexString(hash, 0, 16).ToLowerInvariant();
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public static bool IsUuid(string? text) => Guid.TryParseExact(text, "D", out _);
}

/// <summary>An HSDS taxonomy: one of our code sets, or SAMHSA's service codes.</summary>
public sealed record HsdsTaxonomy(string Id, string Key, string Name, string Description);

/// <summary>A taxonomy term and the code of ours it stands for.</summary>
public sealed record HsdsTerm(string Id, string Code, string Name, HsdsTaxonomy Taxonomy, CodeSet Set, string OurCode);

/// <summary>
/// The directory's code sets as HSDS taxonomies (one per set: levels of care, payment, ages, populations, languages,
/// services, accreditation), and SAMHSA's service codes as a second taxonomy where one of theirs means one of ours.
/// A service carries an attribute for each of its codes in both. Documented on /hsds/profile.
/// </summary>
public static class HsdsTaxonomies
{
    public const string SamhsaKey = "samhsa";

    /// <summary>SAMHSA's code (DOMAIN.md), its label, and our code it means: the one SAMHSA code chosen for each of ours.</summary>
    private static readonly (string Code, string Label, CodeSet Set, string Ours)[] Samhsa =
    [
        ("ORT", "Regular outpatient treatment", ClinicCodes.Care, "op"),
        ("OIT", "Intensive outpatient treatment", ClinicCodes.Care, "iop"),
        ("ODT", "Outpatient day treatment or partial hospitalization", ClinicCodes.Care, "php"),
        ("RES", "Residential", ClinicCodes.Care, "residential"),
        ("HI", "Hospital inpatient", ClinicCodes.Care, "inpatient"),
        ("DT", "Detoxification", ClinicCodes.Care, "detox"),
        ("OTP", "SAMHSA-certified opioid treatment program", ClinicCodes.Care, "otp"),
        ("MD", "Medicaid", ClinicCodes.Pay, "medicaid"),
        ("MC", "Medicare", ClinicCodes.Pay, "medicare"),
        ("PI", "Private health insurance", ClinicCodes.Pay, "private"),
        ("MI", "Military insurance (e.g., TRICARE)", ClinicCodes.Pay, "military"),
        ("SF", "Cash or self-payment", ClinicCodes.Pay, "selfpay"),
        ("SS", "Sliding fee scale", ClinicCodes.Pay, "sliding"),
        ("NP", "No payment accepted", ClinicCodes.Pay, "free"),
        ("ADLT", "Adults", ClinicCodes.Age, "adults"),
        ("CHLD", "Children/adolescents", ClinicCodes.Age, "adolescents"),
        ("YAD", "Young adults", ClinicCodes.Age, "young_adults"),
        ("SNR", "Seniors", ClinicCodes.Age, "seniors"),
        ("VET", "Veterans", ClinicCodes.Population, "veterans"),
        ("GL", "Lesbian, gay, bisexual, transgender, or queer/questioning (LGBTQ)", ClinicCodes.Population, "lgbtq"),
        ("WN", "Adult women", ClinicCodes.Population, "women"),
        ("MN", "Adult men", ClinicCodes.Population, "men"),
        ("PW", "Pregnant/postpartum women", ClinicCodes.Population, "pregnant"),
        ("CJ", "Criminal justice clients", ClinicCodes.Population, "criminal_justice"),
        ("TRMA", "Persons who have experienced trauma", ClinicCodes.Population, "trauma"),
        ("SP", "Spanish", ClinicCodes.Language, "spanish"),
        ("AH", "Services for the deaf and hard of hearing", ClinicCodes.Language, "asl"),
        ("OMB", "Outpatient methadone/buprenorphine or naltrexone treatment", ClinicCodes.Service, "mat"),
        ("BU", "Buprenorphine used in treatment", ClinicCodes.Service, "buprenorphine"),
        ("MU", "Methadone used in treatment", ClinicCodes.Service, "methadone"),
        ("NU", "Naltrexone used in treatment", ClinicCodes.Service, "naltrexone"),
        ("CO", "Co-occurring mental and substance use disorders", ClinicCodes.Service, "co_occurring"),
        ("TELE", "Telemedicine/telehealth", ClinicCodes.Service, "telehealth"),
        ("JC", "The Joint Commission", ClinicCodes.Accreditation, "joint_commission"),
        ("CARF", "Commission on Accreditation of Rehabilitation Facilities", ClinicCodes.Accreditation, "carf"),
        ("NCQA", "National Committee for Quality Assurance", ClinicCodes.Accreditation, "ncqa"),
        ("COA", "Council on Accreditation", ClinicCodes.Accreditation, "coa"),
    ];

    public static readonly IReadOnlyList<HsdsTaxonomy> All;
    public static readonly IReadOnlyList<HsdsTerm> Terms;

    private static readonly Dictionary<string, HsdsTaxonomy> TaxonomyById;
    private static readonly Dictionary<string, HsdsTerm> TermById;
    private static readonly Dictionary<(CodeSet, string), HsdsTerm[]> TermsByCode;

    static HsdsTaxonomies()
    {
        var taxonomies = new List<HsdsTaxonomy>();
        var terms = new List<HsdsTerm>();
        foreach (var set in ClinicCodes.All)
        {
            var taxonomy = new HsdsTaxonomy(HsdsIds.Of($"taxonomy/{set.Parameter}"), set.Parameter, $"IopFinder: {set.Title}",
                $"IopFinder's codes for {set.Title.ToLowerInvariant()}, the directory's filters of the same name.");
            taxonomies.Add(taxonomy);
            terms.AddRange(set.Codes.Select(c => new HsdsTerm(HsdsIds.Of($"term/{set.Parameter}/{c.Value}"), c.Value, c.Label, taxonomy, set, c.Value)));
        }

        var samhsa = new HsdsTaxonomy(HsdsIds.Of($"taxonomy/{SamhsaKey}"), SamhsaKey, "SAMHSA treatment facility service codes",
            "The service codes of SAMHSA's National Directory and FindTreatment.gov, where one means one of IopFinder's codes.");
        taxonomies.Add(samhsa);
        terms.AddRange(Samhsa.Select(s => new HsdsTerm(HsdsIds.Of($"term/{SamhsaKey}/{s.Code}"), s.Code, s.Label, samhsa, s.Set, s.Ours)));
        All = taxonomies;
        Terms = terms;
        TaxonomyById = taxonomies.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        TermById = terms.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        TermsByCode = terms.GroupBy(t => (t.Set, t.OurCode)).ToDictionary(g => g.Key, g => g.ToArray());
    }

    public static HsdsTaxonomy? Taxonomy(string id) => TaxonomyById.GetValueOrDefault(id);

    public static HsdsTerm? Term(string id) => TermById.GetValueOrDefault(id);

    /// <summary>The terms a listing carries: each of its codes in our taxonomy, and in SAMHSA's where it has one.</summary>
    public static IEnumerable<HsdsTerm> Of(Clinic clinic)
    {
        foreach (var set in ClinicCodes.All)
        {
            foreach (var code in clinic.Codes(set))
            {
                foreach (var term in TermsByCode.GetValueOrDefault((set, code)) ?? [])
                {
                    yield return term;
                }
            }
        }
    }

    /// <summary>A term found in someone else's data, recognised by our ids or, for SAMHSA's codes, by code.</summary>
    public static HsdsTerm? Recognise(string? id, string? code, string? taxonomy)
    {
        if (id is not null && TermById.TryGetValue(id, out var byId))
        {
            return byId;
        }

        return code is not null && taxonomy is not null && taxonomy.Contains("SAMHSA", StringComparison.OrdinalIgnoreCase)
            ? Terms.FirstOrDefault(t => t.Taxonomy.Key == SamhsaKey && string.Equals(t.Code, code, StringComparison.OrdinalIgnoreCase))
            : null;
    }
}
