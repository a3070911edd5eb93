namespace IopFinder.Web.SelfCheck;

/// <summary>
/// A block of guidance on the result page, with an optional link to read more. Its paragraph is whole
/// sentences (<see cref="Lead"/>, <see cref="Text"/>, then <see cref="More"/>), each translated on its own,
/// so a sentence that depends on the answers never has to be translated as part of a longer one.
/// </summary>
public sealed record Guidance(string Title, string Text, string? LinkText = null, string? LinkUrl = null)
{
    public string? Lead { get; init; }

    public IReadOnlyList<string> More { get; init; } = [];

    public IEnumerable<string> Sentences => (Lead is null ? [] : new[] { Lead }).Append(Text).Concat(More);

    /// <summary>Short lists shown under the text, each with its own heading (for example, signs to watch for).</summary>
    public IReadOnlyList<(string Heading, IReadOnlyList<string> Items)> Lists { get; init; } = [];
}

/// <summary>What the result page words depend on: the result, the answers, and who answered.</summary>
public sealed record ResultContext(SelfCheckResult Result, SelfCheckAnswers Answers)
{
    public bool Other => Answers.Who == "other";

    public bool UnknownSubstances => Answers.Substances.Contains("unknown");

    /// <summary>Sedatives are involved: withdrawal from them is a slow taper, not a few days.</summary>
    public bool Sedatives => Answers.Substances.Contains("sedatives") || Answers.DailyUse is "sedatives" or "both";

    /// <summary>Alcohol, or possibly alcohol (an unknown substance), is involved.</summary>
    public bool Alcohol => Answers.Substances.Contains("alcohol") || UnknownSubstances || Answers.DailyUse is "alcohol" or "both" or "unknown";

    public bool Opioids => Answers.Substances.Contains("opioids") || Result.Flags.Contains(FlagCode.MatOpioid);

    /// <summary>Reasons that put the mental-health step first on the page.</summary>
    public bool MentalHealthFirst => Result.Reasons.Contains(ReasonCode.MhUrgent) || Result.Reasons.Contains(ReasonCode.MhFollowup);
}

/// <summary>
/// The plain words people read on the result page. Codes and scores stay in data attributes; people
/// see what the suggestion means, why, and what to do next, worded for themselves or for a loved one.
/// Clinical statements follow SELF_CHECK.md v1.1 section 5 (sedative tapers, opioids in pregnancy,
/// naltrexone and tolerance).
/// </summary>
public static class ResultContent
{
    private static string Say(bool other, string self, string them) => other ? them : self;

    /// <summary>The page's main heading. A mental-health reason leads, so a low level of care never reads as "nothing to do".</summary>
    public static string Heading(ResultContext c) => c.Result.Outcome switch
    {
        Outcome.CrisisNow => "Get help now",
        Outcome.OutOfScope => "This check is for people aged 12 and over",
        _ when c.Result.Reasons.Contains(ReasonCode.MhUrgent) => Say(c.Other, "Talk to a mental-health professional soon, within days", "Help them talk to a mental-health professional soon, within days"),
        _ when c.Result.Reasons.Contains(ReasonCode.MhFollowup) => Say(c.Other, "Talk to a mental-health professional soon", "Help them talk to a mental-health professional soon"),
        var outcome => LevelHeading(outcome, reassure: !c.UnknownSubstances),
    };

    /// <summary>
    /// The suggested level of care in a few words. <paramref name="reassure"/> is false when the page must
    /// not say that a brief talk "may be enough" (a mental-health step comes first, or nobody knows what is used).
    /// </summary>
    public static string LevelHeading(Outcome outcome, bool reassure = true) => outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal => "Start with medically supervised withdrawal",
        Outcome.ResidentialOrInpatient => "Residential or inpatient care may be safest to start",
        Outcome.Php => "A partial hospitalization program (PHP) may fit best",
        Outcome.Iop => "An intensive outpatient program (IOP) may be a good fit",
        Outcome.StandardOp => "Standard outpatient care may be a good place to start",
        _ when reassure => "A brief talk with a professional may be enough for now",
        _ => "Start with a talk with a doctor or counselor about alcohol and drugs",
    };

    /// <summary>What the level of care means, as whole sentences (translated one by one).</summary>
    public static IReadOnlyList<string> Meaning(Outcome outcome, ResultContext c) => outcome == Outcome.MedicallySupervisedWithdrawal
        ? WithdrawalMeaning(c)
        : MeaningText(outcome, c) is { Length: > 0 } text ? [text] : [];

    private static string MeaningText(Outcome outcome, ResultContext c) => outcome switch
    {
        Outcome.ResidentialOrInpatient => Say(c.Other,
            "In residential care you live at the program for a time, with staff there day and night. Inpatient care is in a hospital, with medical staff around the clock. Both give more safety and structure than care that fits around home life.",
            "In residential care they would live at the program for a time, with staff there day and night. Inpatient care is in a hospital, with medical staff around the clock. Both give more safety and structure than care that fits around home life."),
        Outcome.Php => "A PHP, sometimes called day treatment, means going to the program most of the day on weekdays, usually about 20 hours a week or more, and sleeping at home.",
        Outcome.Iop => Say(c.Other,
            "An IOP is a structured program of group and individual therapy, usually 9 or more hours a week for adults (6 or more for teens), often 3 hours a day on 3 or 4 days. You keep living at home, and many people keep working or going to school.",
            "An IOP is a structured program of group and individual therapy, usually 9 or more hours a week for adults (6 or more for teens), often 3 hours a day on 3 or 4 days. They would keep living at home, and many people keep working or going to school."),
        Outcome.StandardOp => "Standard outpatient care means meeting a counselor, often once or twice a week, while living at home. It is less than 9 hours a week for adults.",
        Outcome.EarlyIntervention => "Early intervention is a short conversation or a few sessions with a doctor, nurse or counselor about use and its risks, to set a goal before problems grow.",
        _ => "",
    };

    private static IReadOnlyList<string> WithdrawalMeaning(ResultContext c)
    {
        var parts = new List<string>
        {
            Say(c.Other,
                "Stopping suddenly could be dangerous for you. Medically supervised withdrawal (often called detox) means a doctor or nurse helps you stop safely, with medicine if needed. It is a first step, not the whole treatment.",
                "Stopping suddenly could be dangerous for them. Medically supervised withdrawal (often called detox) means a doctor or nurse helps them stop safely, with medicine if needed. It is a first step, not the whole treatment."),
        };
        if (c.Alcohol)
        {
            parts.Add("For alcohol, the worst of withdrawal usually passes in a few days to a week.");
        }

        if (c.Sedatives)
        {
            parts.Add("For sedatives such as benzodiazepines or sleeping pills, it is a slow taper: a prescriber lowers the dose step by step over weeks to months. Stopping them all at once can cause seizures.");
        }

        parts.Add("A clinician decides where it happens. After a past seizure or the DTs, or during pregnancy, it is usually in a hospital or a unit with medical staff. Otherwise it may be in a residential program, or at home with close medical follow-up.");
        return parts;
    }

    public static string Reason(string code, ResultContext c) => code switch
    {
        ReasonCode.AgeUnder12 => Say(c.Other, "You are under 12. A doctor, school counselor or trusted adult is the right first contact.", "They are under 12. A pediatrician or school counselor is the right first contact."),
        ReasonCode.Emergency911 => "What you described may be an emergency happening now.",
        ReasonCode.SuicideRisk988 => Say(c.Other, "You told us you may be planning or intending to end your life.", "You told us they may be planning or intending to end their life."),
        ReasonCode.WithdrawalRisk => Say(c.Other,
            "What you told us about your use and withdrawal means stopping could be dangerous without medical care.",
            "What you told us about their use and withdrawal means stopping could be dangerous for them without medical care."),
        ReasonCode.SevereMhWithUse => Say(c.Other, "Serious mental health symptoms together with your use call for closer care than a few hours a week.", "Serious mental health symptoms together with their use call for closer care than a few hours a week."),
        ReasonCode.UnsafeOrNoHousing => "Heavy use without a safe, stable place to live makes recovery at home very hard.",
        ReasonCode.ContinuedUseDespiteTreatment => Say(c.Other, "You have had treatment before and still cannot go a day without using, with many problems from it.", "They have had treatment before and still cannot go a day without using, with many problems from it."),
        ReasonCode.MultipleDimensions => "Severe use, mental health symptoms and a hard home situation together need more support than outpatient care gives.",
        ReasonCode.UncontrolledMedical => "A physical health problem that is not under control needs medical care alongside treatment for use.",
        ReasonCode.StepDownHighNeed => Say(c.Other, "You left residential, hospital or detox care recently and still have high needs, so a gradual step down is safer.", "They left residential, hospital or detox care recently and still have high needs, so a gradual step down is safer."),
        ReasonCode.SevereUseWithMh => Say(c.Other, "Your use is severe and your mood or anxiety also needs attention, so daily support may help most.", "Their use is severe and their mood or anxiety also needs attention, so daily support may help most."),
        ReasonCode.SevereUseUnsupportiveEnv => Say(c.Other, "Your use is severe and home is not very supportive of recovery, so more hours of care may help.", "Their use is severe and home is not very supportive of recovery, so more hours of care may help."),
        ReasonCode.IopTried => Say(c.Other, "You have tried outpatient or IOP care before and your use is still severe.", "They have tried outpatient or IOP care before and their use is still severe."),
        ReasonCode.StepDown => Say(c.Other, "You left residential, hospital or detox care in the last month. IOP is a common next step.", "They left residential, hospital or detox care in the last month. IOP is a common next step."),
        ReasonCode.SevereUse => Say(c.Other, "Your answers point to severe use, and your home and health seem stable enough for care that fits around home life.", "Your answers point to severe use, and their home and health seem stable enough for care that fits around home life."),
        ReasonCode.ModerateUsePlusRisk => Say(c.Other, "Your use is causing problems, and other things you told us suggest more than a weekly session would help.", "Their use is causing problems, and other things you told us suggest more than a weekly session would help."),
        ReasonCode.Pregnancy => Say(c.Other, "During pregnancy, more structured care protects both you and your baby.", "During pregnancy, more structured care protects both parent and baby."),
        ReasonCode.PositiveScreen => Say(c.Other, "Your answers suggest your use is risky or starting to cause problems.", "Their answers suggest their use is risky or starting to cause problems."),
        ReasonCode.AtRiskUse when c.UnknownSubstances => "You don't know what they use or how much, so nobody can yet say how risky it is. A doctor or program can help find out.",
        ReasonCode.AtRiskUse => Say(c.Other, "Your use may carry some risk, without clear signs of a disorder.", "Their use may carry some risk, without clear signs of a disorder."),
        ReasonCode.NoneIndicated => Say(c.Other, "Your answers do not point to a substance use problem that needs a treatment program.", "Your answers do not point to a substance use problem that needs a treatment program for them."),
        // v1.2 change 3: a reason that comes from thoughts of death or suicide says so, not "your mood or anxiety".
        ReasonCode.MhUrgent when c.Answers.S3 == "yes" => Say(c.Other, "You told us you have thought about how you might end your life. That needs prompt attention from a professional, whatever program you choose.", "You told us they have thought about how they might end their life. That needs prompt attention from a professional, whatever program they choose."),
        ReasonCode.MhUrgent => Say(c.Other, "Some of your mental health answers need prompt attention from a professional, whatever program you choose.", "Some of their mental health answers need prompt attention from a professional, whatever program they choose."),
        ReasonCode.MhFollowup when c.Answers.S1 == "yes" || c.Answers.S2 == "yes" => Say(c.Other, "You told us about wishing you were dead or thoughts of killing yourself. Please raise them soon with a professional or a program, which can help with them and with your use together.", "You told us about them wishing they were dead or thinking of killing themselves. Please help them raise this soon with a professional or a program, which can help with it and with their use together."),
        ReasonCode.MhFollowup => Say(c.Other, "Your mood or anxiety answers are worth raising with a professional or a program, which can treat both together.", "Their mood or anxiety answers are worth raising with a professional or a program, which can treat both together."),
        // Every reason the rules give has a sentence (a test checks each one): an unworded reason is a defect to fix, not an empty line.
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "A self-check reason with no sentence."),
    };

    public static Guidance? Flag(string flag, ResultContext c) => flag switch
    {
        FlagCode.MatOpioid => new("Medication for opioid use",
            "Methadone and buprenorphine are the most effective treatment for opioid use, and they lower the risk of dying from an overdose. Naltrexone (such as the monthly Vivitrol shot) blocks opioids instead. After stopping naltrexone or missing a dose, the body's tolerance is lower, so an overdose is more likely. Ask every program whether it offers these medicines or works with someone who does. Counseling helps, but it is not required to get them.",
            "About medications", "/learn/medications-for-opioid-and-alcohol-use-disorders"),
        FlagCode.NaloxoneInfo => new("Keep naloxone close",
            "Naloxone (Narcan) reverses an opioid overdose, and it does no harm to someone who has not taken opioids. Many pharmacies sell it without a prescription. If someone will not wake up or is breathing slowly: call 911, give naloxone, and give a second dose with a new device in the other nostril if they do not respond in 2 to 3 minutes. If they are not breathing, give rescue breaths or CPR as the 911 dispatcher directs; lay them on their side only once they are breathing. Stay with them: the overdose can come back when naloxone wears off.",
            "What to do in an overdose", "/learn/overdose")
        {
            Lead = c.UnknownSubstances ? "Anyone who uses drugs nobody can name may meet fentanyl, which is now mixed into many street drugs and fake pills." : null,
        },
        FlagCode.UnknownSubstances => new("When you don't know what they use",
            "That is common, and you do not need to find out alone. A program or doctor will ask them, and may use a simple urine or saliva test. Until then, watch for these signs.")
        {
            Lists =
            [
                ("Signs of an overdose: call 911", ["They will not wake up or respond to you", "Slow, shallow or no breathing", "Blue or gray lips or fingertips", "Choking, gurgling or snoring sounds", "Very small pupils"]),
                ("Signs of withdrawal when they go without", ["Shaking, sweating or a racing heart", "Vomiting, diarrhea or stomach cramps", "Strong anxiety, restlessness or not sleeping", "Call 911 if they are confused, see or hear things that are not there, or have a seizure"]),
            ],
        },
        FlagCode.CoOccurring => new("Care for mental health too",
            "Look for a program that treats mental health and substance use together (often called co-occurring or integrated care)."),
        FlagCode.Adolescent => new("Programs for teens",
            "Teens do best in programs built for their age, with family involvement and help keeping up with school. Teen IOPs usually run 6 or more hours a week."),
        FlagCode.OlderAdult => new("Care for older adults",
            "Ask whether the program has experience with older adults, and share every medicine being taken: some mix badly with alcohol or sedatives."),
        FlagCode.PregnancyServices => new("Care during pregnancy", "Look for a program that serves pregnant people.") { More = PregnancyCautions(c) },
        FlagCode.HarmReduction => new("Safer use while you decide",
            Say(c.Other,
                "If you inject, new needles and syringes for every use, never using alone, and testing for hepatitis C and HIV all protect your health. Syringe services programs are free and confidential.",
                "If they inject, new needles and syringes for every use, never using alone, and testing for hepatitis C and HIV all protect their health. Syringe services programs are free and confidential.")),
        FlagCode.FamilyResources => new("Support for you as a family member",
            "A program will ask the person directly, and their answers may differ from yours. Approaches such as CRAFT help families encourage treatment, and family groups can support you too.",
            "Helping a loved one", "/learn/helping-a-loved-one"),
        FlagCode.WithdrawalCaution => new("Do not stop suddenly without a clinician",
            Say(c.Other,
                "After days of daily drinking or sedative use, or if you already feel unwell when you go without, stopping all at once can cause dangerous withdrawal. Talk to a doctor or the program before you stop.",
                "After days of daily drinking or sedative use, or if they already feel unwell when they go without, stopping all at once can cause dangerous withdrawal. They should talk to a doctor or the program before they stop."))
        {
            More = c.Sedatives ? ["Sedatives such as benzodiazepines are stopped with a slow taper over weeks to months, with a prescriber."] : [],
        },
        FlagCode.OpioidWithdrawalUrgent => new("Get medical care today",
            Say(c.Other,
                "Withdrawal from opioids can now be dangerous: some fentanyl is mixed with a sedative called medetomidine, and stopping it can bring very high blood pressure and a racing heart that need hospital care. Go to an emergency department or urgent care today; many can start buprenorphine the same day, which eases withdrawal.",
                "Withdrawal from opioids can now be dangerous: some fentanyl is mixed with a sedative called medetomidine, and stopping it can bring very high blood pressure and a racing heart that need hospital care. Help them get to an emergency department or urgent care today; many can start buprenorphine the same day, which eases withdrawal."))
        {
            Lists =
            [
                ("Call 911 for any of these", ["Chest pain", "A racing or pounding heart with a severe headache", "Confusion", "Fainting"]),
                ("Signs to watch", ["Vomiting that does not stop", "A very fast heartbeat", "High blood pressure", "Shaking", "Agitation"]),
            ],
        },
        FlagCode.HousingSupport => new("Help with housing",
            "Ask programs about recovery housing and help finding a safe place to stay. Calling 211 connects you to local housing and shelter services."),
        _ => null,
    };

    private static IReadOnlyList<string> PregnancyCautions(ResultContext c)
    {
        var parts = new List<string>();
        if (c.Opioids)
        {
            parts.Add(Say(c.Other,
                "Do not stop opioids suddenly: withdrawal during pregnancy can harm you and the baby. Methadone or buprenorphine is the recommended care in pregnancy, and a program can start it.",
                "They should not stop opioids suddenly: withdrawal during pregnancy can harm them and the baby. Methadone or buprenorphine is the recommended care in pregnancy, and a program can start it."));
        }
        else if (c.UnknownSubstances)
        {
            parts.Add(Say(c.Other,
                "If opioids are involved, do not stop opioids suddenly: withdrawal during pregnancy can harm you and the baby. Methadone or buprenorphine is the recommended care in pregnancy, and a program can start it.",
                "If opioids are involved, they should not stop opioids suddenly: withdrawal during pregnancy can harm them and the baby. Methadone or buprenorphine is the recommended care in pregnancy, and a program can start it."));
        }

        if (c.Alcohol || c.Sedatives)
        {
            parts.Add(Say(c.Other,
                "Do not stop drinking or sedatives suddenly without medical advice: a doctor can help you stop safely for the baby too.",
                "They should not stop drinking or sedatives suddenly without medical advice: a doctor can help them stop safely for the baby too."));
        }

        return parts;
    }

    public static IReadOnlyList<string> NextSteps(ResultContext c) => c.Result.Outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal =>
        [
            Say(c.Other, "Contact a doctor, a withdrawal management (detox) program or the SAMHSA Helpline before you cut down.", "Help them contact a doctor, a withdrawal management (detox) program or the SAMHSA Helpline before they cut down."),
            Say(c.Other, "Until then, do not stop suddenly on your own.", "Until then, they should not stop suddenly on their own."),
            "Ask the program what care follows withdrawal, so there is no gap.",
        ],
        Outcome.ResidentialOrInpatient =>
        [
            "Call a few programs, or the SAMHSA Helpline, and ask about the next available bed.",
            "Ask whether they can also treat mental health and any medical problems.",
            "Ask what step-down care they offer afterward, such as PHP or IOP.",
        ],
        _ =>
        [
            .. c.MentalHealthFirst
                ? [Say(c.Other, "Book a visit with a doctor, counselor or mental-health clinic soon. Tell them about your mood and your use.", "Help them book a visit with a doctor, counselor or mental-health clinic soon.")]
                : Array.Empty<string>(),
            Say(c.Other, "Look at programs near you and call two or three.", "Look at programs near them and call two or three."),
            "Every program will do its own full assessment. It may suggest a different level of care, and that is normal.",
            Say(c.Other, "If things get worse, or you are not safe, a higher level of care may be needed sooner.", "If things get worse, or they are not safe, a higher level of care may be needed sooner."),
        ],
    };

    public static IReadOnlyList<string> QuestionsToAsk { get; } =
    [
        "Are you licensed by the state, and accredited (for example by The Joint Commission or CARF)?",
        "How many hours a week is the program, and do you have day, evening or weekend times?",
        "Who leads the sessions, and what are their qualifications?",
        "Do you offer medication for opioid or alcohol use, or work with someone who does?",
        "Do you treat mental health at the same time?",
        "Do you take my insurance, and what will I pay?",
        "How soon can I start, and what happens when I finish?",
    ];
}
