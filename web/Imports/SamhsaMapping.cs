using IopFinder.Web.Clinics;

namespace IopFinder.Web.Imports;

/// <summary>
/// How FindTreatment.gov's locator labels (the <c>f3</c> values of <c>services[]</c>) become our codes.
/// Labels in these categories that are neither mapped nor known-and-ignored are reported after an
/// import, so the table can grow with the data.
/// </summary>
public static class SamhsaMapping
{
    /// <summary>The categories we read; every other category (therapies, screening, smoking policy…) is not used.</summary>
    public static readonly IReadOnlySet<string> Categories = new HashSet<string> { "SET", "TC", "PAY", "PYAS", "AGE", "SG", "SL", "OL", "LCA", "OM", "PHR", "OT", "FT" };

    private static (CodeSet, string) C(CodeSet set, string code) => (set, code);

    private static readonly Dictionary<string, (CodeSet Set, string Code)[]> Map = new(StringComparer.OrdinalIgnoreCase)
    {
        // Service settings and facility types → levels of care
        ["Intensive outpatient treatment"] = [C(ClinicCodes.Care, "iop")],
        ["Outpatient day treatment or partial hospitalization"] = [C(ClinicCodes.Care, "php")],
        ["Partial hospitalization/day treatment"] = [C(ClinicCodes.Care, "php")],
        ["Regular outpatient treatment"] = [C(ClinicCodes.Care, "op")],
        ["Outpatient"] = [C(ClinicCodes.Care, "op")],
        ["Residential"] = [C(ClinicCodes.Care, "residential")],
        ["Short-term residential"] = [C(ClinicCodes.Care, "residential")],
        ["Long-term residential"] = [C(ClinicCodes.Care, "residential")],
        ["Residential treatment center (RTC) for adults"] = [C(ClinicCodes.Care, "residential")],
        ["Residential treatment center (RTC) for children"] = [C(ClinicCodes.Care, "residential")],
        ["Residential detoxification"] = [C(ClinicCodes.Care, "residential"), C(ClinicCodes.Care, "detox")],
        ["Hospital inpatient"] = [C(ClinicCodes.Care, "inpatient")],
        ["Hospital inpatient treatment"] = [C(ClinicCodes.Care, "inpatient")],
        ["Psychiatric hospital or psychiatric unit of a general hospital"] = [C(ClinicCodes.Care, "inpatient")],
        ["Hospital inpatient detoxification"] = [C(ClinicCodes.Care, "inpatient"), C(ClinicCodes.Care, "detox")],
        ["Outpatient detoxification"] = [C(ClinicCodes.Care, "detox")],
        ["Detoxification"] = [C(ClinicCodes.Care, "detox")],
        ["Outpatient methadone/buprenorphine or naltrexone treatment"] = [C(ClinicCodes.Service, "mat")],
        ["Telemedicine/telehealth"] = [C(ClinicCodes.Service, "telehealth")],
        ["Computerized treatment/telemedicine"] = [C(ClinicCodes.Service, "telehealth")],
        ["Co-occurring mental and substance use disorders"] = [C(ClinicCodes.Service, "co_occurring")],
        // Payment
        ["Medicaid"] = [C(ClinicCodes.Pay, "medicaid")],
        ["Medicare"] = [C(ClinicCodes.Pay, "medicare")],
        ["Private health insurance"] = [C(ClinicCodes.Pay, "private")],
        ["Military insurance (e.g., TRICARE)"] = [C(ClinicCodes.Pay, "military")],
        ["Cash or self-payment"] = [C(ClinicCodes.Pay, "selfpay")],
        ["Sliding fee scale (fee is based on income and other factors)"] = [C(ClinicCodes.Pay, "sliding")],
        ["Treatment at no charge or minimal payment for clients who cannot afford to pay"] = [C(ClinicCodes.Pay, "free")],
        ["No payment accepted"] = [C(ClinicCodes.Pay, "free")],
        // Ages
        ["Adults"] = [C(ClinicCodes.Age, "adults")],
        ["Children/adolescents"] = [C(ClinicCodes.Age, "adolescents")],
        ["Young adults"] = [C(ClinicCodes.Age, "young_adults")],
        ["Seniors (65 or older)"] = [C(ClinicCodes.Age, "seniors")],
        // Special programs
        ["Adolescents"] = [C(ClinicCodes.Age, "adolescents")],
        ["Transitional age young adults"] = [C(ClinicCodes.Age, "young_adults")],
        ["Seniors or older adults"] = [C(ClinicCodes.Age, "seniors")],
        ["Veterans"] = [C(ClinicCodes.Population, "veterans")],
        ["Lesbian, gay, bisexual, or transgender (LGBT) clients"] = [C(ClinicCodes.Population, "lgbtq")],
        ["Adult women"] = [C(ClinicCodes.Population, "women")],
        ["Adult men"] = [C(ClinicCodes.Population, "men")],
        ["Pregnant/postpartum women"] = [C(ClinicCodes.Population, "pregnant")],
        ["Clients referred from the court/judicial system"] = [C(ClinicCodes.Population, "criminal_justice")],
        ["Persons who have experienced trauma"] = [C(ClinicCodes.Population, "trauma")],
        ["Persons with post-traumatic stress disorder (PTSD)"] = [C(ClinicCodes.Population, "trauma")],
        ["Persons with co-occurring mental and substance use disorders"] = [C(ClinicCodes.Service, "co_occurring")],
        // Languages
        ["Spanish"] = [C(ClinicCodes.Language, "spanish")],
        ["Services for the deaf and hard of hearing"] = [C(ClinicCodes.Language, "asl")],
        ["American Sign Language (ASL)"] = [C(ClinicCodes.Language, "asl")],
        // Accreditation and licensing
        ["The Joint Commission"] = [C(ClinicCodes.Accreditation, "joint_commission")],
        ["Commission on Accreditation of Rehabilitation Facilities"] = [C(ClinicCodes.Accreditation, "carf")],
        ["National Committee for Quality Assurance"] = [C(ClinicCodes.Accreditation, "ncqa")],
        ["Council on Accreditation"] = [C(ClinicCodes.Accreditation, "coa")],
        ["State substance abuse agency"] = [C(ClinicCodes.Accreditation, "state_licensed")],
        ["State mental health department"] = [C(ClinicCodes.Accreditation, "state_licensed")],
        ["State department of health"] = [C(ClinicCodes.Accreditation, "state_licensed")],
        ["Hospital licensing authority"] = [C(ClinicCodes.Accreditation, "state_licensed")],
        // Medications
        ["Methadone used in Treatment"] = [C(ClinicCodes.Service, "methadone")],
        ["Buprenorphine used in Treatment"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Naltrexone used in Treatment"] = [C(ClinicCodes.Service, "naltrexone")],
        ["Methadone"] = [C(ClinicCodes.Service, "methadone")],
        ["Methadone maintenance"] = [C(ClinicCodes.Service, "methadone")],
        ["Methadone maintenance for predetermined time"] = [C(ClinicCodes.Service, "methadone")],
        ["Buprenorphine with naloxone  (Suboxone®)"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Buprenorphine without naloxone"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Buprenorphine (extended-release, injectable, for example, Sublocade®)"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Buprenorphine maintenance"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Buprenorphine maintenance for predetermined time"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Prescribes/administers buprenorphine"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["Naltrexone (oral)"] = [C(ClinicCodes.Service, "naltrexone")],
        ["Extended-release, injectable Naltrexone (Vivitrol®)"] = [C(ClinicCodes.Service, "naltrexone")],
        ["Prescribes/administers naltrexone"] = [C(ClinicCodes.Service, "naltrexone")],
        ["Relapse prevention from naltrexone"] = [C(ClinicCodes.Service, "naltrexone")],
        ["Acamprosate (Campral®)"] = [C(ClinicCodes.Service, "mat")],
        ["Disulfiram (Antabuse®)"] = [C(ClinicCodes.Service, "mat")],
        ["SAMHSA-certified Opioid Treatment Program"] = [C(ClinicCodes.Care, "otp")],
    };

    /// <summary>Labels we recognise and deliberately do not turn into codes.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "Substance use treatment", "Mental health treatment", "Community mental health center", "Outpatient mental health facility",
        "Medications for psychiatric disorders", "Accepts clients on opioid medication", "Do not use medication for opioid addiction",
        "Does not treat opioid addiction", "Use methadone/buprenorphine for pain management or emergency dosing",
        "Federally Qualified Health Center", "Payment assistance (check with facility for details)",
    };

    /// <summary>
    /// The national download's service columns (SAMHSA's codes, listed in DOMAIN.md, in lower case) and the codes
    /// each means here, as the locator's labels for the same services map above. Codes with no entry are known and
    /// deliberately not turned into codes (types of care, funding we do not filter by).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (CodeSet Set, string Code)[]> Columns = new Dictionary<string, (CodeSet, string)[]>(StringComparer.OrdinalIgnoreCase)
    {
        // Service setting
        ["oit"] = [C(ClinicCodes.Care, "iop")],
        ["odt"] = [C(ClinicCodes.Care, "php")],
        ["phdt"] = [C(ClinicCodes.Care, "php")],
        ["ph"] = [C(ClinicCodes.Care, "php")],
        ["ort"] = [C(ClinicCodes.Care, "op")],
        ["op"] = [C(ClinicCodes.Care, "op")],
        ["omb"] = [C(ClinicCodes.Service, "mat")],
        ["od"] = [C(ClinicCodes.Care, "detox")],
        ["res"] = [C(ClinicCodes.Care, "residential")],
        ["rs"] = [C(ClinicCodes.Care, "residential")],
        ["rl"] = [C(ClinicCodes.Care, "residential")],
        ["rd"] = [C(ClinicCodes.Care, "residential"), C(ClinicCodes.Care, "detox")],
        ["hi"] = [C(ClinicCodes.Care, "inpatient")],
        ["hit"] = [C(ClinicCodes.Care, "inpatient")],
        ["hid"] = [C(ClinicCodes.Care, "inpatient"), C(ClinicCodes.Care, "detox")],
        // Type of care
        ["sa"] = [],
        ["mh"] = [],
        ["hh"] = [],
        ["dt"] = [C(ClinicCodes.Care, "detox")],
        ["sumh"] = [C(ClinicCodes.Service, "co_occurring")],
        ["tele"] = [C(ClinicCodes.Service, "telehealth")],
        // Medications
        ["mu"] = [C(ClinicCodes.Service, "methadone")],
        ["bu"] = [C(ClinicCodes.Service, "buprenorphine")],
        ["nu"] = [C(ClinicCodes.Service, "naltrexone")],
        ["otp"] = [C(ClinicCodes.Care, "otp")],
        // Payment
        ["mc"] = [C(ClinicCodes.Pay, "medicare")],
        ["md"] = [C(ClinicCodes.Pay, "medicaid")],
        ["mi"] = [C(ClinicCodes.Pay, "military")],
        ["pi"] = [C(ClinicCodes.Pay, "private")],
        ["sf"] = [C(ClinicCodes.Pay, "selfpay")],
        ["si"] = [],
        ["itu"] = [],
        ["np"] = [C(ClinicCodes.Pay, "free")],
        ["pa"] = [],
        ["ss"] = [C(ClinicCodes.Pay, "sliding")],
        // Ages
        ["adlt"] = [C(ClinicCodes.Age, "adults")],
        ["chld"] = [C(ClinicCodes.Age, "adolescents")],
        ["yad"] = [C(ClinicCodes.Age, "young_adults")],
        ["snr"] = [C(ClinicCodes.Age, "seniors")],
        // Special programs
        ["ad"] = [C(ClinicCodes.Age, "adolescents")],
        ["wn"] = [C(ClinicCodes.Population, "women")],
        ["pw"] = [C(ClinicCodes.Population, "pregnant")],
        ["mn"] = [C(ClinicCodes.Population, "men")],
        ["se"] = [C(ClinicCodes.Age, "seniors")],
        ["gl"] = [C(ClinicCodes.Population, "lgbtq")],
        ["vet"] = [C(ClinicCodes.Population, "veterans")],
        ["co"] = [C(ClinicCodes.Service, "co_occurring")],
        ["cj"] = [C(ClinicCodes.Population, "criminal_justice")],
        ["trma"] = [C(ClinicCodes.Population, "trauma")],
        // Language
        ["sp"] = [C(ClinicCodes.Language, "spanish")],
        ["ah"] = [C(ClinicCodes.Language, "asl")],
        // Accreditation
        ["jc"] = [C(ClinicCodes.Accreditation, "joint_commission")],
        ["carf"] = [C(ClinicCodes.Accreditation, "carf")],
        ["ncqa"] = [C(ClinicCodes.Accreditation, "ncqa")],
        ["coa"] = [C(ClinicCodes.Accreditation, "coa")],
        ["hfap"] = [],
    };

    /// <summary>
    /// Applies the service columns a national-download row marks with 1, then the derived codes: an SA row of a
    /// facility that also has a mental-health column set offers co-occurring care, as the locator's types of care say.
    /// An MH row's levels of care are not ours to list (see below); its payment, languages and the rest are.
    /// </summary>
    public static void ApplyColumns(Clinic clinic, IEnumerable<string> offeredCodes, string? facilityType)
    {
        var offered = offeredCodes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var code in offered)
        {
            foreach (var (set, value) in Columns.GetValueOrDefault(code) ?? [])
            {
                if (facilityType == "MH" && !offered.Contains("sa") && set == ClinicCodes.Care)
                {
                    // A mental-health row's settings (partial hospitalization, residential, inpatient) are mental-health
                    // care; merged into the facility's substance-use listing they would claim levels it may not offer.
                    continue;
                }

                clinic.SetMask(set, clinic.MaskOf(set) | set.Mask([value]));
            }
        }

        Finish(clinic, offered.Contains("mh") || facilityType == "MH", offered.Contains("sa") || facilityType == "SA");
    }

    /// <summary>Applies one category's labels to a listing; returns the labels that could not be mapped.</summary>
    public static IEnumerable<string> Apply(Clinic clinic, string category, IEnumerable<string> labels, List<string> otherLanguages)
    {
        foreach (var label in labels)
        {
            if (Map.TryGetValue(label, out var codes))
            {
                foreach (var (set, code) in codes)
                {
                    clinic.SetMask(set, clinic.MaskOf(set) | set.Mask([code]));
                }
            }
            else if (category == "OL")
            {
                otherLanguages.Add(label);
            }
            else if (!Ignored.Contains(label))
            {
                yield return label;
            }
        }
    }

    /// <summary>Derived codes: any medication means medication treatment is offered.</summary>
    public static void Finish(Clinic clinic, bool mentalHealth, bool substanceUse)
    {
        var service = ClinicCodes.Service;
        if ((clinic.ServiceMask & service.Mask(["methadone", "buprenorphine", "naltrexone"])) != 0)
        {
            clinic.ServiceMask |= service.Mask(["mat"]);
        }

        if (mentalHealth && substanceUse)
        {
            clinic.ServiceMask |= service.Mask(["co_occurring"]);
        }
    }
}
