using IopFinder.Web.SelfCheck;
using static IopFinder.Web.SelfCheck.SelfCheckAnswers;

namespace IopFinder.Tests.SelfCheck;

/// <summary>One worked example from SELF_CHECK.md: answers that differ from the defaults, and what must follow.</summary>
public sealed record WorkedExample(string Name, SelfCheckAnswers Answers, string Outcome, string Reasons, string Flags)
{
    public override string ToString() => Name;
}

/// <summary>The specification's worked examples, shared by the rules tests and the HTTP tests.</summary>
public static class WorkedExamples
{
    private static readonly SelfCheckAnswers D = new();

    /// <summary>The v1.1 examples' defaults: answering for someone else.</summary>
    private static readonly SelfCheckAnswers Other = D with { Who = "other" };

    public static IReadOnlyList<WorkedExample> All { get; } =
    [
        new("parent, son unresponsive", D with { Who = "other", Emergency = "yes", Substances = Set("opioids"), DrugFreq = 4 },
            "CRISIS_NOW", "EMERGENCY_911", "MAT_OPIOID FAMILY_RESOURCES"),
        new("intent in past month", D with { Substances = Set("alcohol"), AuditC1 = 3, AuditC2 = 2, AuditC3 = 2, S1 = "yes", S2 = "yes", S3 = "yes", S4 = "yes", Phq1 = 3, Phq2 = 2 },
            "CRISIS_NOW", "SUICIDE_RISK_988", ""),
        new("past withdrawal seizure", D with { Substances = Set("alcohol"), AuditC1 = 4, AuditC2 = 3, AuditC3 = 3, DailyUse = "alcohol", WithdrawalHistory = Set("seizure"), Problems = FirstProblems(4), Abstinence = "cant_go_a_day" },
            "MEDICALLY_SUPERVISED_WITHDRAWAL", "WITHDRAWAL_RISK", ""),
        new("daily benzos and alcohol", D with { Substances = Set("alcohol", "sedatives"), AuditC1 = 4, AuditC2 = 2, AuditC3 = 2, DrugFreq = 4, DailyUse = "both", Problems = FirstProblems(3) },
            "MEDICALLY_SUPERVISED_WITHDRAWAL", "WITHDRAWAL_RISK", ""),
        new("daily drinker, no risk factors", D with { Substances = Set("alcohol"), AuditC1 = 4, AuditC2 = 2, AuditC3 = 2, DailyUse = "alcohol", Problems = FirstProblems(2), Abstinence = "few_days" },
            "IOP", "MODERATE_USE_PLUS_RISK", "WITHDRAWAL_CAUTION"),
        new("homeless, daily meth", D with { Substances = Set("stimulants"), DrugFreq = 4, Problems = FirstProblems(5), Abstinence = "cant_go_a_day", Living = "homeless", Support = "no" },
            "RESIDENTIAL_OR_INPATIENT", "UNSAFE_OR_NO_HOUSING", "HOUSING_SUPPORT"),
        new("voices when not using", D with { Substances = Set("cannabis"), DrugFreq = 4, Problems = FirstProblems(3), SevereMh = "yes" },
            "RESIDENTIAL_OR_INPATIENT", "SEVERE_MH_WITH_USE MH_URGENT", "CO_OCCURRING SHOW_988_PROMINENTLY"),
        new("heavy use and depression", D with { Sex = "f", Substances = Set("alcohol"), AuditC1 = 4, AuditC2 = 3, AuditC3 = 3, Problems = FirstProblems(4), Phq1 = 2, Phq2 = 2, Gad1 = 2, Gad2 = 1 },
            "PHP", "SEVERE_USE_WITH_MH MH_FOLLOWUP", "CO_OCCURRING"),
        new("lives with heavy drinkers", D with { Substances = Set("alcohol"), AuditC1 = 3, AuditC2 = 2, AuditC3 = 2, Problems = FirstProblems(3), Living = "stable_using_others", Abstinence = "1_4_weeks" },
            "IOP", "MODERATE_USE_PLUS_RISK", ""),
        new("daily opioids, supportive home", D with { Substances = Set("opioids"), DrugFreq = 4, OpioidWithdrawal = "yes", Problems = FirstProblems(4), Abstinence = "few_days" },
            "IOP", "SEVERE_USE", "MAT_OPIOID NALOXONE_INFO"),
        new("positive AUDIT-C", D with { Substances = Set("alcohol"), AuditC1 = 3, AuditC2 = 1, AuditC3 = 1, Problems = FirstProblems(1) },
            "STANDARD_OP", "POSITIVE_SCREEN", ""),
        new("light drinking", D with { Sex = "f", Substances = Set("alcohol"), AuditC1 = 2 },
            "EARLY_INTERVENTION", "AT_RISK_USE", ""),
        new("no use, low mood", D with { Phq1 = 2, Phq2 = 2 },
            "EARLY_INTERVENTION", "NONE_INDICATED MH_FOLLOWUP", "CO_OCCURRING SHOW_988_PROMINENTLY"),
        new("child", D with { Age = "under12" },
            "OUT_OF_SCOPE", "AGE_UNDER_12", ""),

        // v1.1 (safety review): "I don't know" never lowers the level of care or removes a safety message.
        new("parent, substances unknown, overdose", Other with { Substances = Set("unknown"), Overdose = "yes", Problems = FirstProblems(4) },
            "IOP", "SEVERE_USE", "NALOXONE_INFO UNKNOWN_SUBSTANCES FAMILY_RESOURCES"),
        new("parent, substances unknown, no warning signs", Other with { Substances = Set("unknown"), DailyUse = "neither" },
            "EARLY_INTERVENTION", "AT_RISK_USE", "NALOXONE_INFO UNKNOWN_SUBSTANCES"),
        new("partner not sure it is an emergency", Other with { Emergency = "unknown", Substances = Set("alcohol"), AuditC1 = 4, AuditC2 = 3, AuditC3 = 3, Problems = FirstProblems(4) },
            "IOP", "SEVERE_USE", "EMERGENCY_UNSURE"),
        new("drinker, shaky and vomiting when not drinking (who self)", D with { Substances = Set("alcohol"), AuditC1 = 3, AuditC2 = 2, AuditC3 = 2, DailyUse = "neither", WithdrawalNow = "moderate" },
            "MEDICALLY_SUPERVISED_WITHDRAWAL", "WITHDRAWAL_RISK", ""),

        // v1.2 (second clinical review): opioid withdrawal where fentanyl may be involved leads with medical care today.
        new("fentanyl, quite unwell now", D with { Substances = Set("opioids"), DrugFreq = 4, OpioidWithdrawal = "yes", WithdrawalNow = "moderate", Problems = FirstProblems(4), Abstinence = "few_days" },
            "IOP", "SEVERE_USE", "MAT_OPIOID NALOXONE_INFO OPIOID_WITHDRAWAL_URGENT"),
        // "drugfreq unknown" is scored as 1 (FormAnswers), as the form does.
        new("parent, unknown drugs, very sick now", Other with { Substances = Set("unknown"), DrugFreq = 1, WithdrawalNow = "moderate" },
            "MEDICALLY_SUPERVISED_WITHDRAWAL", "WITHDRAWAL_RISK", "NALOXONE_INFO UNKNOWN_SUBSTANCES OPIOID_WITHDRAWAL_URGENT"),
    ];

    public static TheoryData<WorkedExample> Theory()
    {
        var data = new TheoryData<WorkedExample>();
        foreach (var example in All)
        {
            data.Add(example);
        }

        return data;
    }
}
