namespace IopFinder.Web.SelfCheck;

/// <summary>
/// Why the self-check suggested a level of care (SELF_CHECK.md, "Reasons"). The rules, the result texts, the
/// directory link and the result page name reasons only through these, and a test gives every one of them a
/// sentence for oneself and for a loved one, so an unknown or unworded reason fails a test, never a page.
/// </summary>
public static class ReasonCode
{
    public const string AgeUnder12 = "AGE_UNDER_12";
    public const string Emergency911 = "EMERGENCY_911";
    public const string SuicideRisk988 = "SUICIDE_RISK_988";
    public const string WithdrawalRisk = "WITHDRAWAL_RISK";
    public const string SevereMhWithUse = "SEVERE_MH_WITH_USE";
    public const string UnsafeOrNoHousing = "UNSAFE_OR_NO_HOUSING";
    public const string ContinuedUseDespiteTreatment = "CONTINUED_USE_DESPITE_TREATMENT";
    public const string MultipleDimensions = "MULTIPLE_DIMENSIONS";
    public const string UncontrolledMedical = "UNCONTROLLED_MEDICAL";
    public const string StepDownHighNeed = "STEP_DOWN_HIGH_NEED";
    public const string SevereUseWithMh = "SEVERE_USE_WITH_MH";
    public const string SevereUseUnsupportiveEnv = "SEVERE_USE_UNSUPPORTIVE_ENV";
    public const string IopTried = "IOP_TRIED";
    public const string StepDown = "STEP_DOWN";
    public const string SevereUse = "SEVERE_USE";
    public const string ModerateUsePlusRisk = "MODERATE_USE_PLUS_RISK";
    public const string Pregnancy = "PREGNANCY";
    public const string PositiveScreen = "POSITIVE_SCREEN";
    public const string AtRiskUse = "AT_RISK_USE";
    public const string NoneIndicated = "NONE_INDICATED";
    public const string MhUrgent = "MH_URGENT";
    public const string MhFollowup = "MH_FOLLOWUP";

    public static readonly IReadOnlyList<string> All =
    [
        AgeUnder12, Emergency911, SuicideRisk988, WithdrawalRisk, SevereMhWithUse, UnsafeOrNoHousing, ContinuedUseDespiteTreatment,
        MultipleDimensions, UncontrolledMedical, StepDownHighNeed, SevereUseWithMh, SevereUseUnsupportiveEnv, IopTried, StepDown,
        SevereUse, ModerateUsePlusRisk, Pregnancy, PositiveScreen, AtRiskUse, NoneIndicated, MhUrgent, MhFollowup,
    ];
}

/// <summary>
/// What else the result page says or does (SELF_CHECK.md, "Flags"), named only through these. Most bring a
/// block of guidance; <see cref="WithoutGuidance"/> are the ones that change the page in another way.
/// </summary>
public static class FlagCode
{
    public const string MatOpioid = "MAT_OPIOID";
    public const string NaloxoneInfo = "NALOXONE_INFO";
    public const string UnknownSubstances = "UNKNOWN_SUBSTANCES";
    public const string CoOccurring = "CO_OCCURRING";
    public const string Adolescent = "ADOLESCENT";
    public const string OlderAdult = "OLDER_ADULT";
    public const string PregnancyServices = "PREGNANCY_SERVICES";
    public const string HarmReduction = "HARM_REDUCTION";
    public const string FamilyResources = "FAMILY_RESOURCES";
    public const string WithdrawalCaution = "WITHDRAWAL_CAUTION";
    public const string HousingSupport = "HOUSING_SUPPORT";

    /// <summary>Opioid withdrawal now, where fentanyl may be involved (SELF_CHECK.md v1.2, change 1): the result leads with medical care today.</summary>
    public const string OpioidWithdrawalUrgent = "OPIOID_WITHDRAWAL_URGENT";

    /// <summary>The crisis box turns urgent and leads the page.</summary>
    public const string Show988Prominently = "SHOW_988_PROMINENTLY";

    /// <summary>"I don't know" to the emergency question: a 911 line on every step and the result.</summary>
    public const string EmergencyUnsure = "EMERGENCY_UNSURE";

    public static readonly IReadOnlyList<string> WithoutGuidance = [Show988Prominently, EmergencyUnsure];

    public static readonly IReadOnlyList<string> All =
    [
        MatOpioid, NaloxoneInfo, UnknownSubstances, CoOccurring, Adolescent, OlderAdult, PregnancyServices, HarmReduction,
        FamilyResources, WithdrawalCaution, HousingSupport, Show988Prominently, EmergencyUnsure, OpioidWithdrawalUrgent,
    ];

    /// <summary>Flags whose guidance leads the result, above the suggestion, rather than following it.</summary>
    public static readonly IReadOnlyList<string> Leading = [OpioidWithdrawalUrgent];
}
