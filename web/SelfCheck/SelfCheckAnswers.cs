namespace IopFinder.Web.SelfCheck;

/// <summary>
/// A complete set of self-check answers, in the values of the form contract (SELF_CHECK.md).
/// The defaults are the specification's worked-example defaults: an adult with no use and no risks.
/// "unknown" is kept where the contract allows it; the rules decide what it counts as.
/// </summary>
public sealed record SelfCheckAnswers
{
    public string Who { get; init; } = "self";
    /// <summary><c>yes</c>, <c>no</c>, or (answering for someone else) <c>unknown</c>, which adds EMERGENCY_UNSURE.</summary>
    public string Emergency { get; init; } = "no";

    /// <summary>An age band, or <c>unknown</c> when someone answering for a loved one does not know it.</summary>
    public string Age { get; init; } = "26-64";
    public string Sex { get; init; } = "m";

    /// <summary>Substances used in the past 3 months; <c>unknown</c> ("I don't know what they use") counts as use.</summary>
    public IReadOnlySet<string> Substances { get; init; } = Empty;
    public int AuditC1 { get; init; }
    public int AuditC2 { get; init; }
    public int AuditC3 { get; init; }
    public int DrugFreq { get; init; }
    public string DailyUse { get; init; } = "neither";
    public IReadOnlySet<string> WithdrawalHistory { get; init; } = Empty;
    public string WithdrawalNow { get; init; } = "none";
    public string OpioidWithdrawal { get; init; } = "no";
    public string OnMedication { get; init; } = "no";
    public string Overdose { get; init; } = "no";
    public string Pregnant { get; init; } = "no";
    public string Medical { get; init; } = "none";
    public string Injection { get; init; } = "no";
    public int Phq1 { get; init; }
    public int Phq2 { get; init; }
    public int Gad1 { get; init; }
    public int Gad2 { get; init; }
    public string S1 { get; init; } = "no";
    public string S2 { get; init; } = "no";
    public string S3 { get; init; } = "no";
    public string S4 { get; init; } = "no";
    public string S5 { get; init; } = "no";
    public string S6 { get; init; } = "no";
    public string S6Recent { get; init; } = "no";
    public string SevereMh { get; init; } = "no";
    public string MhCare { get; init; } = "no";
    public string Readiness { get; init; } = "ready";

    /// <summary>p1 … p6 in order: the six consequence questions of the past 12 months.</summary>
    public IReadOnlyList<string> Problems { get; init; } = ["no", "no", "no", "no", "no", "no"];
    public string Abstinence { get; init; } = "gt_month";
    public string PriorTreatment { get; init; } = "never";
    public string RecentDischarge { get; init; } = "no";
    public string Living { get; init; } = "stable";
    public string Support { get; init; } = "yes";
    public string Attend { get; init; } = "iop";
    public IReadOnlySet<string> Pay { get; init; } = Empty;
    public IReadOnlySet<string> Lang { get; init; } = Empty;
    public IReadOnlySet<string> Pref { get; init; } = Empty;
    public string? Zip { get; init; }

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>();

    /// <summary>A set from a few values, for building answers in code and tests.</summary>
    public static IReadOnlySet<string> Set(params string[] values) => new HashSet<string>(values, StringComparer.Ordinal);

    /// <summary>Problems with the first <paramref name="count"/> answered yes.</summary>
    public static IReadOnlyList<string> FirstProblems(int count) =>
        Enumerable.Range(0, 6).Select(i => i < count ? "yes" : "no").ToList();
}
