namespace IopFinder.Web.SelfCheck;

/// <summary>A block of guidance on the result page, with an optional link to read more.</summary>
public sealed record Guidance(string Title, string Text, string? LinkText = null, string? LinkUrl = null);

/// <summary>
/// The plain words people read on the result page. Codes and scores stay in data attributes; people
/// see what the suggestion means, why, and what to do next, worded for themselves or for a loved one.
/// </summary>
public static class ResultContent
{
    public static string Heading(Outcome outcome, bool other) => outcome switch
    {
        Outcome.CrisisNow => "Get help now",
        Outcome.OutOfScope => "This check is for people aged 12 and over",
        Outcome.MedicallySupervisedWithdrawal => "Start with medically supervised withdrawal",
        Outcome.ResidentialOrInpatient => "Residential or inpatient care may be safest to start",
        Outcome.Php => "A partial hospitalization program (PHP) may fit best",
        Outcome.Iop => "An intensive outpatient program (IOP) may be a good fit",
        Outcome.StandardOp => "Standard outpatient care may be a good place to start",
        _ => "A brief talk with a professional may be enough for now",
    };

    public static string Meaning(Outcome outcome, bool other) => outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal => other
            ? "Stopping suddenly could be dangerous for them. Medically supervised withdrawal (often called detox) means a doctor or nurse helps them stop safely, with medicine if needed. It can happen at home with a team, in a residential program or in a hospital, and usually takes a few days. It is a first step, not the whole treatment."
            : "Stopping suddenly could be dangerous for you. Medically supervised withdrawal (often called detox) means a doctor or nurse helps you stop safely, with medicine if needed. It can happen at home with a team, in a residential program or in a hospital, and usually takes a few days. It is a first step, not the whole treatment.",
        Outcome.ResidentialOrInpatient => other
            ? "In residential care they would live at the program for a time, with staff there day and night. Inpatient care is in a hospital, with medical staff around the clock. Both give more safety and structure than care that fits around home life."
            : "In residential care you live at the program for a time, with staff there day and night. Inpatient care is in a hospital, with medical staff around the clock. Both give more safety and structure than care that fits around home life.",
        Outcome.Php => other
            ? "A PHP, sometimes called day treatment, means going to the program most of the day on weekdays, usually about 20 hours a week or more, and sleeping at home."
            : "A PHP, sometimes called day treatment, means going to the program most of the day on weekdays, usually about 20 hours a week or more, and sleeping at home.",
        Outcome.Iop => other
            ? "An IOP is a structured program of group and individual therapy, usually 9 or more hours a week for adults (6 or more for teens), often 3 hours a day on 3 or 4 days. They would keep living at home, and many people keep working or going to school."
            : "An IOP is a structured program of group and individual therapy, usually 9 or more hours a week for adults (6 or more for teens), often 3 hours a day on 3 or 4 days. You keep living at home, and many people keep working or going to school.",
        Outcome.StandardOp => other
            ? "Standard outpatient care means meeting a counselor, often once or twice a week, while living at home. It is less than 9 hours a week for adults."
            : "Standard outpatient care means meeting a counselor, often once or twice a week, while living at home. It is less than 9 hours a week for adults.",
        Outcome.EarlyIntervention => other
            ? "Early intervention is a short conversation or a few sessions with a doctor, nurse or counselor about use and its risks, to set a goal before problems grow."
            : "Early intervention is a short conversation or a few sessions with a doctor, nurse or counselor about use and its risks, to set a goal before problems grow.",
        _ => "",
    };

    public static string Reason(string code, bool other) => code switch
    {
        "AGE_UNDER_12" => other ? "They are under 12. A pediatrician or school counselor is the right first contact." : "You are under 12. A doctor, school counselor or trusted adult is the right first contact.",
        "EMERGENCY_911" => other ? "What you described may be an emergency happening now." : "What you described may be an emergency happening now.",
        "SUICIDE_RISK_988" => other ? "You told us they may be planning or intending to end their life." : "You told us you may be planning or intending to end your life.",
        "WITHDRAWAL_RISK" => other ? "Their daily use, together with their history or health, means withdrawal could be dangerous without medical care." : "Your daily use, together with your history or health, means withdrawal could be dangerous without medical care.",
        "SEVERE_MH_WITH_USE" => other ? "Serious mental health symptoms together with their use call for closer care than a few hours a week." : "Serious mental health symptoms together with your use call for closer care than a few hours a week.",
        "UNSAFE_OR_NO_HOUSING" => other ? "Heavy use without a safe, stable place to live makes recovery at home very hard." : "Heavy use without a safe, stable place to live makes recovery at home very hard.",
        "CONTINUED_USE_DESPITE_TREATMENT" => other ? "They have had treatment before and still cannot go a day without using, with many problems from it." : "You have had treatment before and still cannot go a day without using, with many problems from it.",
        "MULTIPLE_DIMENSIONS" => other ? "Severe use, mental health symptoms and a hard home situation together need more support than outpatient care gives." : "Severe use, mental health symptoms and a hard home situation together need more support than outpatient care gives.",
        "UNCONTROLLED_MEDICAL" => other ? "A physical health problem that is not under control needs medical care alongside treatment for use." : "A physical health problem that is not under control needs medical care alongside treatment for use.",
        "STEP_DOWN_HIGH_NEED" => other ? "They left residential, hospital or detox care recently and still have high needs, so a gradual step down is safer." : "You left residential, hospital or detox care recently and still have high needs, so a gradual step down is safer.",
        "SEVERE_USE_WITH_MH" => other ? "Their use is severe and their mood or anxiety also needs attention, so daily support may help most." : "Your use is severe and your mood or anxiety also needs attention, so daily support may help most.",
        "SEVERE_USE_UNSUPPORTIVE_ENV" => other ? "Their use is severe and home is not very supportive of recovery, so more hours of care may help." : "Your use is severe and home is not very supportive of recovery, so more hours of care may help.",
        "IOP_TRIED" => other ? "They have tried outpatient or IOP care before and their use is still severe." : "You have tried outpatient or IOP care before and your use is still severe.",
        "STEP_DOWN" => other ? "They left residential, hospital or detox care in the last month. IOP is a common next step." : "You left residential, hospital or detox care in the last month. IOP is a common next step.",
        "SEVERE_USE" => other ? "Their answers point to severe use, and their home and health seem stable enough for care that fits around home life." : "Your answers point to severe use, and your home and health seem stable enough for care that fits around home life.",
        "MODERATE_USE_PLUS_RISK" => other ? "Their use is causing problems, and other things they told us suggest more than a weekly session would help." : "Your use is causing problems, and other things you told us suggest more than a weekly session would help.",
        "PREGNANCY" => other ? "During pregnancy, more structured care protects both parent and baby." : "During pregnancy, more structured care protects both you and your baby.",
        "POSITIVE_SCREEN" => other ? "Their answers suggest their use is risky or starting to cause problems." : "Your answers suggest your use is risky or starting to cause problems.",
        "AT_RISK_USE" => other ? "Their use may carry some risk, without clear signs of a disorder." : "Your use may carry some risk, without clear signs of a disorder.",
        "NONE_INDICATED" => other ? "Their answers do not point to a substance use problem that needs a treatment program." : "Your answers do not point to a substance use problem that needs a treatment program.",
        "MH_URGENT" => other ? "Some of their mental health answers need prompt attention from a professional, whatever program they choose." : "Some of your mental health answers need prompt attention from a professional, whatever program you choose.",
        "MH_FOLLOWUP" => other ? "Their mood or anxiety answers are worth raising with a program, which can treat both together." : "Your mood or anxiety answers are worth raising with a program, which can treat both together.",
        _ => "",
    };

    public static Guidance? Flag(string flag, bool other) => flag switch
    {
        "MAT_OPIOID" => new("Medication for opioid use",
            other ? "Methadone, buprenorphine and naltrexone cut the risk of overdose and death. Ask every program whether it offers them or works with someone who does. They can be taken alongside any level of care."
                  : "Methadone, buprenorphine and naltrexone cut the risk of overdose and death. Ask every program whether it offers them or works with someone who does. They can be taken alongside any level of care.",
            "About medications", "/learn/medications-for-opioid-and-alcohol-use-disorders"),
        "NALOXONE_INFO" => new("Keep naloxone close",
            "Naloxone (Narcan) reverses an opioid overdose. Many pharmacies sell it without a prescription. If someone will not wake up or is breathing slowly: call 911, give naloxone, and stay with them."),
        "CO_OCCURRING" => new("Care for mental health too",
            other ? "Look for a program that treats mental health and substance use together (often called co-occurring or integrated care)."
                  : "Look for a program that treats mental health and substance use together (often called co-occurring or integrated care)."),
        "ADOLESCENT" => new("Programs for teens",
            "Teens do best in programs built for their age, with family involvement and help keeping up with school. Teen IOPs usually run 6 or more hours a week."),
        "OLDER_ADULT" => new("Care for older adults",
            "Ask whether the program has experience with older adults, and share every medicine being taken: some mix badly with alcohol or sedatives."),
        "PREGNANCY_SERVICES" => new("Care during pregnancy",
            other ? "Look for a program that serves pregnant people. They should not stop opioids or alcohol suddenly without medical advice: a doctor can help them do it safely for the baby too."
                  : "Look for a program that serves pregnant people. Do not stop opioids or alcohol suddenly without medical advice: a doctor can help you do it safely for your baby too."),
        "HARM_REDUCTION" => new("Safer use while you decide",
            other ? "If they inject, new needles and syringes for every use, never using alone, and testing for hepatitis C and HIV all protect their health. Syringe services programs are free and confidential."
                  : "If you inject, new needles and syringes for every use, never using alone, and testing for hepatitis C and HIV all protect your health. Syringe services programs are free and confidential."),
        "FAMILY_RESOURCES" => new("Support for you as a family member",
            "A program will ask the person directly, and their answers may differ from yours. Approaches such as CRAFT help families encourage treatment, and family groups can support you too.",
            "Helping a loved one", "/learn/helping-a-loved-one"),
        "WITHDRAWAL_CAUTION" => new("Do not stop drinking suddenly",
            other ? "With daily drinking, stopping all at once can cause dangerous withdrawal. They should talk to a doctor or the program before they stop."
                  : "With daily drinking, stopping all at once can cause dangerous withdrawal. Talk to a doctor or the program before you stop."),
        "HOUSING_SUPPORT" => new("Help with housing",
            "Ask programs about recovery housing and help finding a safe place to stay. Calling 211 connects you to local housing and shelter services."),
        _ => null,
    };

    public static IReadOnlyList<string> NextSteps(Outcome outcome, bool other) => outcome switch
    {
        Outcome.MedicallySupervisedWithdrawal =>
        [
            other ? "Help them contact a doctor, a withdrawal management (detox) program or the SAMHSA Helpline before they cut down." : "Contact a doctor, a withdrawal management (detox) program or the SAMHSA Helpline before you cut down.",
            other ? "Until then, they should not stop suddenly on their own." : "Until then, do not stop suddenly on your own.",
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
            other ? "Look at programs near them and call two or three." : "Look at programs near you and call two or three.",
            "Every program will do its own full assessment. It may suggest a different level of care, and that is normal.",
            other ? "If things get worse, or they are not safe, a higher level of care may be needed sooner." : "If things get worse, or you are not safe, a higher level of care may be needed sooner.",
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
