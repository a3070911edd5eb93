namespace IopFinder.Web.SelfCheck;

/// <summary>The suggested starting level of care, or why none is suggested.</summary>
public enum Outcome
{
    EarlyIntervention,
    StandardOp,
    Iop,
    Php,
    ResidentialOrInpatient,
    MedicallySupervisedWithdrawal,
    CrisisNow,
    OutOfScope,
}

/// <summary>What the rules concluded: the outcome, its reasons (rule reason first), flags and, after a withdrawal rule, the likely next step.</summary>
public sealed record SelfCheckResult(Outcome Outcome, IReadOnlyList<string> Reasons, IReadOnlyList<string> Flags, Outcome? NextOutcome, SelfCheckScores Scores);

/// <summary>The derived values the rules use, kept for explanation and tests (never shown as numbers to people).</summary>
public sealed record SelfCheckScores(int AuditC, int AuditCThreshold, int Problems, int UseTier, int MentalHealth, int Environment, bool WithdrawalHigh);

/// <summary>
/// The self-check's decision rules (SELF_CHECK.md v1.1), deterministic and free of web code. Thresholds
/// marked (J) in the specification are judgment calls: they are named here so a clinician can review
/// them in one place. The v1.1 principle holds throughout: "I don't know" never lowers the level of care
/// and never removes a safety message.
/// </summary>
public static class SelfCheckRules
{
    /// <summary>AUDIT-C cut-off for men aged 18 and over.</summary>
    public const int AuditCThresholdMen = 4;

    /// <summary>AUDIT-C cut-off for women, teens, and people who chose "another / prefer not to say" (J).</summary>
    public const int AuditCThresholdOthers = 3;

    /// <summary>AUDIT-C total treated as heavy use (use tier 3).</summary>
    public const int AuditCHeavy = 8;

    /// <summary>Consequences (p1–p6) that put use in the most severe tier (J).</summary>
    public const int ProblemsSevere = 4;

    /// <summary>Consequences that put use in tier 3.</summary>
    public const int ProblemsModerate = 2;

    /// <summary>Drug-use frequency answer meaning daily.</summary>
    public const int DrugFreqDaily = 4;

    /// <summary>Drug-use frequency answer meaning weekly.</summary>
    public const int DrugFreqWeekly = 3;

    /// <summary>PHQ-2 total at which low mood needs follow-up (the published cut-off).</summary>
    public const int Phq2Positive = 3;

    /// <summary>GAD-2 total at which anxiety needs follow-up (the published cut-off).</summary>
    public const int Gad2Positive = 3;

    private const string Yes = "yes";
    private const string Unknown = "unknown";

    /// <summary>Substances whose withdrawal can be dangerous (seizures, delirium); "unknown" may be one of them.</summary>
    private static readonly string[] DangerousWithdrawalSubstances = ["alcohol", "sedatives", Unknown];

    public static SelfCheckResult Evaluate(SelfCheckAnswers a)
    {
        var scores = Score(a);
        var (outcome, reason) = Decide(a, scores, scores.WithdrawalHigh);
        Outcome? next = null;
        if (outcome == Outcome.MedicallySupervisedWithdrawal)
        {
            next = Decide(a, scores, withdrawalHigh: false).Outcome;
        }

        var reasons = new List<string> { reason };
        if (outcome is not (Outcome.CrisisNow or Outcome.OutOfScope))
        {
            if (scores.MentalHealth == 3)
            {
                reasons.Add(ReasonCode.MhUrgent);
            }
            else if (scores.MentalHealth == 2)
            {
                reasons.Add(ReasonCode.MhFollowup);
            }
        }

        return new SelfCheckResult(outcome, reasons, Flags(a, scores), next, scores);
    }

    public static SelfCheckScores Score(SelfCheckAnswers a)
    {
        var auditC = a.AuditC1 + a.AuditC2 + a.AuditC3;
        // An unknown age takes the lower cut-off, so not knowing it never makes drinking look safer.
        var threshold = a.Sex == "m" && a.Age is not ("12-17" or Unknown) ? AuditCThresholdMen : AuditCThresholdOthers;
        var problems = a.Problems.Count(p => p == Yes);
        return new SelfCheckScores(auditC, threshold, problems, UseTier(a, auditC, threshold, problems), MentalHealth(a), Environment(a), WithdrawalHigh(a));
    }

    private static int UseTier(SelfCheckAnswers a, int auditC, int threshold, int problems)
    {
        // "I don't know what they use" counts as use: the tier is at least 1 (v1.1 change 1).
        if (a.AuditC1 == 0 && a.DrugFreq == 0 && !a.Substances.Contains(Unknown))
        {
            return 0;
        }

        if (a.Overdose == Yes || a.Abstinence == "cant_go_a_day" || problems >= ProblemsSevere)
        {
            return 4;
        }

        if (problems >= ProblemsModerate || auditC >= AuditCHeavy || a.DrugFreq == DrugFreqDaily)
        {
            return 3;
        }

        if (auditC >= threshold || a.DrugFreq >= DrugFreqWeekly || problems >= 1 || a.Substances.Contains("opioids") || a.Substances.Contains("sedatives"))
        {
            return 2;
        }

        return 1;
    }

    private static int MentalHealth(SelfCheckAnswers a)
    {
        if (a.S4 == Yes || a.S5 == Yes || a.S6Recent == Yes)
        {
            return 4;
        }

        if (a.SevereMh == Yes || a.S3 == Yes)
        {
            return 3;
        }

        if (a.S1 == Yes || a.S2 == Yes || a.Phq1 + a.Phq2 >= Phq2Positive || a.Gad1 + a.Gad2 >= Gad2Positive)
        {
            return 2;
        }

        return a.S6 == Yes || a.MhCare == Yes ? 1 : 0;
    }

    private static int Environment(SelfCheckAnswers a)
    {
        var noSupport = a.Support != Yes;
        return a.Living switch
        {
            "homeless" or "unsafe" => 4,
            "unstable" => 3,
            "stable_using_others" when noSupport => 3,
            "stable_using_others" => 2,
            _ when noSupport => 2,
            _ => 0,
        };
    }

    /// <summary>
    /// High risk of dangerous withdrawal: daily sedatives (J); moderate withdrawal now from alcohol,
    /// sedatives or an unknown substance, daily or not (v1.1 change 3); or daily drinking with a history of
    /// complicated withdrawal, moderate symptoms now, older age, an uncontrolled illness or pregnancy.
    /// </summary>
    private static bool WithdrawalHigh(SelfCheckAnswers a)
    {
        if (a.DailyUse is "sedatives" or "both")
        {
            return true;
        }

        if (a.WithdrawalNow == "moderate" && a.Substances.Overlaps(DangerousWithdrawalSubstances))
        {
            return true;
        }

        if (a.DailyUse is not ("alcohol" or Unknown))
        {
            return false;
        }

        return a.WithdrawalHistory.Overlaps(["seizure", "dts", "treated", Unknown])
            || a.WithdrawalNow == "moderate"
            || a.Age == "65plus"
            || a.Medical == "uncontrolled"
            || a.Pregnant == Yes;
    }

    private static (Outcome Outcome, string Reason) Decide(SelfCheckAnswers a, SelfCheckScores s, bool withdrawalHigh)
    {
        var t = s.UseTier;
        var r = s.MentalHealth;
        var e = s.Environment;
        var tried = a.PriorTreatment is "op_iop_past" or "res_detox_past_year";
        var discharged = a.RecentDischarge == Yes;

        if (a.Age == "under12") return (Outcome.OutOfScope, ReasonCode.AgeUnder12);
        if (a.Emergency == Yes || a.WithdrawalNow == "severe") return (Outcome.CrisisNow, ReasonCode.Emergency911);
        if (r == 4) return (Outcome.CrisisNow, ReasonCode.SuicideRisk988);
        if (withdrawalHigh) return (Outcome.MedicallySupervisedWithdrawal, ReasonCode.WithdrawalRisk);
        if (r == 3 && t >= 3) return (Outcome.ResidentialOrInpatient, ReasonCode.SevereMhWithUse);
        if (e == 4 && t >= 3) return (Outcome.ResidentialOrInpatient, ReasonCode.UnsafeOrNoHousing);
        if (tried && a.Abstinence == "cant_go_a_day" && s.Problems >= ProblemsSevere) return (Outcome.ResidentialOrInpatient, ReasonCode.ContinuedUseDespiteTreatment);
        if (r >= 2 && t == 4 && e >= 2) return (Outcome.ResidentialOrInpatient, ReasonCode.MultipleDimensions);
        if (a.Medical == "uncontrolled" && t >= 2) return (Outcome.ResidentialOrInpatient, ReasonCode.UncontrolledMedical);
        if (discharged && (r >= 2 || t == 4)) return (Outcome.Php, ReasonCode.StepDownHighNeed);
        if (t == 4 && r == 2) return (Outcome.Php, ReasonCode.SevereUseWithMh);
        if (t == 4 && e is 2 or 3) return (Outcome.Php, ReasonCode.SevereUseUnsupportiveEnv);
        if (r == 3 && t == 2) return (Outcome.Php, ReasonCode.SevereMhWithUse);
        if (t == 4 && a.PriorTreatment == "op_iop_past") return (Outcome.Php, ReasonCode.IopTried);
        if (discharged) return (Outcome.Iop, ReasonCode.StepDown);
        if (t == 4) return (Outcome.Iop, ReasonCode.SevereUse);
        if (t == 3 && (r == 2 || e >= 2 || a.PriorTreatment != "never" || a.Abstinence == "few_days")) return (Outcome.Iop, ReasonCode.ModerateUsePlusRisk);
        if (a.Pregnant == Yes && t >= 2) return (Outcome.Iop, ReasonCode.Pregnancy);
        if (t is 2 or 3) return (Outcome.StandardOp, ReasonCode.PositiveScreen);
        // Unknown substances make t at least 1, so NONE_INDICATED is never their reason.
        if (t == 1) return (Outcome.EarlyIntervention, ReasonCode.AtRiskUse);
        return (Outcome.EarlyIntervention, ReasonCode.NoneIndicated);
    }

    private static List<string> Flags(SelfCheckAnswers a, SelfCheckScores s)
    {
        var flags = new List<string>();
        var unknownSubstances = a.Substances.Contains(Unknown);
        var opioids = a.Substances.Contains("opioids") || a.OnMedication == Yes || a.OpioidWithdrawal == Yes || a.Overdose == Yes;
        if (opioids)
        {
            flags.Add(FlagCode.MatOpioid);
        }

        // Anyone using drugs nobody can name may meet fentanyl (v1.1 change 1).
        if (opioids || unknownSubstances)
        {
            flags.Add(FlagCode.NaloxoneInfo);
        }

        if (unknownSubstances) flags.Add(FlagCode.UnknownSubstances);
        if (a.Emergency == Unknown) flags.Add(FlagCode.EmergencyUnsure);

        if (s.MentalHealth >= 2 || a.MhCare == Yes) flags.Add(FlagCode.CoOccurring);
        if (a.Age == "12-17") flags.Add(FlagCode.Adolescent);
        if (a.Age == "65plus") flags.Add(FlagCode.OlderAdult);
        if (a.Pregnant == Yes) flags.Add(FlagCode.PregnancyServices);
        if (a.Injection == Yes) flags.Add(FlagCode.HarmReduction);
        if (a.Who == "other") flags.Add(FlagCode.FamilyResources);
        var mildWithdrawalNow = a.WithdrawalNow == "mild" && a.Substances.Overlaps(DangerousWithdrawalSubstances);
        if ((a.DailyUse is "alcohol" or Unknown || mildWithdrawalNow) && !s.WithdrawalHigh) flags.Add(FlagCode.WithdrawalCaution);
        if (s.Environment >= 3) flags.Add(FlagCode.HousingSupport);
        // v1.2 change 1: withdrawal from fentanyl mixed with medetomidine can need intensive care; "unknown" may be fentanyl.
        if (a.WithdrawalNow == "moderate" && (a.Substances.Contains("opioids") || unknownSubstances)) flags.Add(FlagCode.OpioidWithdrawalUrgent);
        if (s.MentalHealth is 2 or 3 || a.S4 == Unknown || a.S5 == Unknown || a.S6Recent == Unknown) flags.Add(FlagCode.Show988Prominently);
        return flags;
    }

    /// <summary>The code used in the page contract (<c>data-outcome</c>), e.g. MEDICALLY_SUPERVISED_WITHDRAWAL.</summary>
    public static string Code(this Outcome outcome) => outcome switch
    {
        Outcome.EarlyIntervention => "EARLY_INTERVENTION",
        Outcome.StandardOp => "STANDARD_OP",
        Outcome.Iop => "IOP",
        Outcome.Php => "PHP",
        Outcome.ResidentialOrInpatient => "RESIDENTIAL_OR_INPATIENT",
        Outcome.MedicallySupervisedWithdrawal => "MEDICALLY_SUPERVISED_WITHDRAWAL",
        Outcome.CrisisNow => "CRISIS_NOW",
        _ => "OUT_OF_SCOPE",
    };

    /// <summary>How much care an outcome means, lowest first, for comparing outcomes.</summary>
    public static int Intensity(this Outcome outcome) => outcome switch
    {
        Outcome.EarlyIntervention => 0,
        Outcome.StandardOp => 1,
        Outcome.Iop => 2,
        Outcome.Php => 3,
        Outcome.ResidentialOrInpatient => 4,
        Outcome.MedicallySupervisedWithdrawal => 5,
        Outcome.CrisisNow => 6,
        _ => -1,
    };
}
