namespace IopFinder.Web.SelfCheck;

/// <summary>How a question is answered.</summary>
public enum QuestionKind
{
    /// <summary>Radio buttons: exactly one value.</summary>
    Single,

    /// <summary>Check boxes: any number of values; none ticked means none apply.</summary>
    Multi,

    /// <summary>A short text box (only the ZIP code).</summary>
    Text,
}

/// <summary>An answer choice. <see cref="OtherLabel"/> is the wording used when answering for someone else.</summary>
public sealed record Choice(string Value, string Label, string? OtherLabel = null)
{
    public string LabelFor(bool forOther) => forOther && OtherLabel is not null ? OtherLabel : Label;
}

/// <summary>One question of the form contract, with its wording for oneself and for a loved one.</summary>
public sealed record Question(string Name, QuestionKind Kind, string Self, string Other, IReadOnlyList<Choice> Choices)
{
    public string? Hint { get; init; }
    public string? OtherHint { get; init; }

    /// <summary>Skip logic: the question is asked only when this holds for the answers so far.</summary>
    public Func<FormAnswers, bool> AskWhen { get; init; } = _ => true;

    /// <summary>Optional questions may be left blank; multi-choice and text questions always may.</summary>
    public bool Optional { get; init; }

    /// <summary>Whether "I don't know" is offered when answering for someone else.</summary>
    public bool UnknownForOther { get; init; } = true;

    /// <summary>The wording of the "I don't know" choice added for someone else.</summary>
    public string UnknownLabel { get; init; } = "I don't know";

    public bool Required => Kind == QuestionKind.Single && !Optional;

    public string TextFor(bool forOther) => forOther ? Other : Self;

    public string? HintFor(bool forOther) => forOther && OtherHint is not null ? OtherHint : Hint;

    /// <summary>The choices shown, with "I don't know" added for a loved one when the contract lacks it.</summary>
    public IReadOnlyList<Choice> ChoicesFor(bool forOther) =>
        OffersUnknown(forOther) && Choices.All(c => c.Value != "unknown")
            ? [.. Choices, new Choice("unknown", UnknownLabel)]
            : Choices;

    /// <summary>Whether <paramref name="value"/> is one of <see cref="ChoicesFor"/>, without building the list.</summary>
    public bool Offers(string value, bool forOther) =>
        Choices.Any(c => c.Value == value) || (value == "unknown" && OffersUnknown(forOther));

    /// <summary>Whether "I don't know" is offered: to someone answering for a loved one, on choice questions that allow it.</summary>
    private bool OffersUnknown(bool forOther) => forOther && UnknownForOther && Kind != QuestionKind.Text;
}

/// <summary>One screen of the questionnaire.</summary>
public sealed record Section(string Id, string Title, string OtherTitle, IReadOnlyList<Question> Questions)
{
    public string? Intro { get; init; }
    public string? OtherIntro { get; init; }

    /// <summary>Credit for published screening questions used on this screen.</summary>
    public string? Credit { get; init; }

    public string TitleFor(bool forOther) => forOther ? OtherTitle : Title;

    public string? IntroFor(bool forOther) => forOther && OtherIntro is not null ? OtherIntro : Intro;

    public IEnumerable<Question> AskedOf(FormAnswers answers) => Questions.Where(q => q.AskWhen(answers));
}

/// <summary>
/// The questionnaire: every section and question in order, with skip logic. AUDIT-C, PHQ-2 and GAD-2
/// keep their published wording and scales; every other question is our own wording.
/// </summary>
public static class Questionnaire
{
    private static readonly Choice[] YesNo = [new("yes", "Yes"), new("no", "No")];
    private static readonly Choice[] YesNoUnsure = [new("yes", "Yes"), new("no", "No"), new("unknown", "I'm not sure", "I don't know")];
    private static readonly Choice[] TwoWeeks = [new("0", "Not at all"), new("1", "Several days"), new("2", "More than half the days"), new("3", "Nearly every day")];

    // "I don't know what they use" counts as use wherever the questionnaire decides what to ask
    // (SELF_CHECK.md v1.1): it could be any substance, so every use question applies.
    private static bool Uses(FormAnswers a) => a.Values("substances").Count > 0;
    private static bool DrinksOrSedatives(FormAnswers a) => a.Has("substances", "alcohol") || a.Has("substances", "sedatives") || a.Has("substances", "unknown");
    private static bool UsesDrugs(FormAnswers a) => a.Values("substances").Any(s => s != "alcohol");
    private static bool MayUseOpioids(FormAnswers a) => a.Has("substances", "opioids") || a.Has("substances", "unknown");

    public static IReadOnlyList<Section> Sections { get; } =
    [
        new("who", "Who are you answering for?", "Who are you answering for?",
        [
            new("who", QuestionKind.Single, "Who are you answering for?", "Who are you answering for?",
                [new("self", "Myself"), new("other", "Someone I care about, such as a family member or friend")]) { UnknownForOther = false },
        ]),
        new("safety", "Safety right now", "Safety right now",
        [
            new("emergency", QuestionKind.Single,
                "Right now, is anyone in danger? For example: someone will not wake up, is not breathing or is breathing very slowly, is having a seizure, is very confused or seeing things, has chest pain, or may hurt themselves or someone else.",
                "Right now, is the person in danger? For example: they will not wake up, are not breathing or are breathing very slowly, are having a seizure, are very confused or seeing things, have chest pain, or may hurt themselves or someone else.",
                YesNo)
            {
                Hint = "If yes, call 911 now. You do not need to finish this check.",
                OtherHint = "If yes, call 911 now. You do not need to finish this check. If you are not sure, you can go on, but call 911 if you cannot reach them or they may be in danger.",
            },
        ]),
        new("about", "About you", "About them",
        [
            new("age", QuestionKind.Single, "How old are you?", "How old are they?",
                [new("under12", "Under 12"), new("12-17", "12 to 17"), new("18-25", "18 to 25"), new("26-64", "26 to 64"), new("65plus", "65 or older")]),
            new("sex", QuestionKind.Single, "Which describes you?", "Which describes them?",
                [new("f", "Female"), new("m", "Male"), new("x", "Another answer, or prefer not to say")])
            { Hint = "This only changes how the drinking questions are scored.", OtherHint = "This only changes how the drinking questions are scored." },
        ]),
        new("substances", "Alcohol and drugs", "Alcohol and drugs",
        [
            new("substances", QuestionKind.Multi, "In the past 3 months, which of these have you used? Tick all that apply.", "In the past 3 months, which of these have they used? Tick all that apply.",
            [
                new("alcohol", "Alcohol"),
                new("cannabis", "Cannabis (marijuana)"),
                new("opioids", "Opioids: heroin, fentanyl, or pain pills such as oxycodone used other than as prescribed"),
                new("sedatives", "Sedatives: benzodiazepines (such as Xanax or Valium) or sleeping pills used other than as prescribed"),
                new("stimulants", "Stimulants: methamphetamine, cocaine, or prescription stimulants used other than as prescribed"),
                new("other", "Something else"),
            ])
            {
                Hint = "If none of these apply, leave them all unticked.",
                OtherHint = "If none of these apply, leave them all unticked. If you think they use something but do not know what, tick \"I don't know what they use\".",
                UnknownLabel = "I don't know what they use",
            },
        ]),
        new("alcohol", "Drinking", "Their drinking",
        [
            new("auditc1", QuestionKind.Single, "How often do you have a drink containing alcohol?", "How often do they have a drink containing alcohol?",
                [new("0", "Never"), new("1", "Monthly or less"), new("2", "2 to 4 times a month"), new("3", "2 to 3 times a week"), new("4", "4 or more times a week")])
            { AskWhen = a => a.Has("substances", "alcohol") },
            new("auditc2", QuestionKind.Single, "How many standard drinks containing alcohol do you have on a typical day?", "How many standard drinks containing alcohol do they have on a typical day?",
                [new("0", "1 or 2"), new("1", "3 or 4"), new("2", "5 or 6"), new("3", "7, 8 or 9"), new("4", "10 or more")])
            { AskWhen = a => a.Has("substances", "alcohol"), Hint = "A standard drink is a 12-ounce beer, a 5-ounce glass of wine, or a 1.5-ounce shot of spirits." },
            new("auditc3", QuestionKind.Single, "How often do you have six or more drinks on one occasion?", "How often do they have six or more drinks on one occasion?",
                [new("0", "Never"), new("1", "Less than monthly"), new("2", "Monthly"), new("3", "Weekly"), new("4", "Daily or almost daily")])
            { AskWhen = a => a.Has("substances", "alcohol") },
        ])
        { Credit = "These three questions are the AUDIT-C, part of the World Health Organization's Alcohol Use Disorders Identification Test." },
        new("frequency", "How often", "How often",
        [
            new("drugfreq", QuestionKind.Single, "In the past 3 months, how often did you use the drug you use most? (Not counting alcohol.)", "In the past 3 months, how often did they use the drug they use most? (Not counting alcohol.)",
                [new("1", "Less than once a month"), new("2", "Monthly"), new("3", "Weekly"), new("4", "Daily or almost daily")])
            { AskWhen = UsesDrugs },
            new("dailyuse", QuestionKind.Single, "In the past month, did you drink alcohol or take sedatives nearly every day?", "In the past month, did they drink alcohol or take sedatives nearly every day?",
                [new("neither", "Neither"), new("alcohol", "Alcohol nearly every day"), new("sedatives", "Sedatives nearly every day"), new("both", "Both nearly every day"), new("unknown", "I'm not sure", "I don't know")])
            { AskWhen = DrinksOrSedatives },
        ]),
        new("withdrawal", "Withdrawal", "Withdrawal",
        [
            new("withdrawalnow", QuestionKind.Single, "In the past week, when you went without, how did you feel?", "In the past week, when they went without, how did they seem?",
            [
                new("none", "Fine: no withdrawal"),
                new("mild", "A little unwell: shaky, sweaty, anxious or unable to sleep"),
                new("moderate", "Quite unwell: vomiting, a racing heart or strong shakes"),
                new("severe", "Very unwell: confused, seeing or hearing things that are not there, or a seizure"),
            ])
            { AskWhen = Uses },
            new("withdrawalhistory", QuestionKind.Multi, "Have you ever had any of these when cutting down or stopping alcohol or sedatives? Tick all that apply.", "Have they ever had any of these when cutting down or stopping alcohol or sedatives? Tick all that apply.",
            [
                new("seizure", "A seizure (fit)"),
                new("dts", "Delirium tremens (the DTs): severe shaking and confusion, or seeing things"),
                new("treated", "Needed medical care for withdrawal"),
                new("unknown", "I'm not sure", "I don't know"),
            ])
            { AskWhen = DrinksOrSedatives, Hint = "If none of these happened, leave them all unticked." },
            new("opioidwithdrawal", QuestionKind.Single, "Do you feel sick when opioids wear off? For example aches, a runny nose, stomach cramps or sweating.", "Do they feel sick when opioids wear off? For example aches, a runny nose, stomach cramps or sweating.",
                YesNoUnsure)
            { AskWhen = MayUseOpioids },
        ]),
        new("health", "Health", "Their health",
        [
            new("onmedication", QuestionKind.Single, "Are you taking methadone, buprenorphine (such as Suboxone) or naltrexone (such as Vivitrol) now?", "Are they taking methadone, buprenorphine (such as Suboxone) or naltrexone (such as Vivitrol) now?", YesNo),
            new("overdose", QuestionKind.Single, "In the past 12 months, have you overdosed? That means you took so much that you passed out, had trouble breathing, or needed emergency help.", "In the past 12 months, have they overdosed? That means they took so much that they passed out, had trouble breathing, or needed emergency help.",
                YesNoUnsure)
            { AskWhen = Uses },
            new("pregnant", QuestionKind.Single, "Are you pregnant, or could you be?", "Are they pregnant, or could they be?",
                [new("yes", "Yes"), new("no", "No"), new("na", "Does not apply"), new("unknown", "I'm not sure", "I don't know")])
            { AskWhen = a => a.Value("sex") is not "m" },
            new("medical", QuestionKind.Single, "Do you have a serious physical health problem?", "Do they have a serious physical health problem?",
                [new("none", "No"), new("stable", "Yes, and it is under control"), new("uncontrolled", "Yes, and it is not under control right now, for example getting worse or needing hospital visits")]),
            new("injection", QuestionKind.Single, "In the past 3 months, have you injected any drug?", "In the past 3 months, have they injected any drug?", YesNo)
            { AskWhen = Uses },
        ]),
        new("mood", "Mood", "Their mood",
        [
            new("phq1", QuestionKind.Single, "Little interest or pleasure in doing things", "Little interest or pleasure in doing things", TwoWeeks),
            new("phq2", QuestionKind.Single, "Feeling down, depressed, or hopeless", "Feeling down, depressed, or hopeless", TwoWeeks),
            new("gad1", QuestionKind.Single, "Feeling nervous, anxious or on edge", "Feeling nervous, anxious or on edge", TwoWeeks),
            new("gad2", QuestionKind.Single, "Not being able to stop or control worrying", "Not being able to stop or control worrying", TwoWeeks),
            new("severemh", QuestionKind.Single,
                "In the past month, at a time when you were not using, did you hear or see things others could not, go days without sleep with extreme energy, have violent outbursts, or feel so confused that following a plan was hard?",
                "In the past month, at a time when they were not using, did they hear or see things others could not, go days without sleep with extreme energy, have violent outbursts, or seem so confused that following a plan was hard?",
                YesNoUnsure),
            new("mhcare", QuestionKind.Single, "Are you getting care for your mental health now, such as counseling, therapy or medication?", "Are they getting care for their mental health now, such as counseling, therapy or medication?", YesNo),
        ])
        {
            Intro = "Over the last 2 weeks, how often have you been bothered by the following problems?",
            OtherIntro = "Over the last 2 weeks, how often do you think they have been bothered by the following problems?",
            Credit = "The first four questions are the PHQ-2 and the GAD-2, brief screeners for depression and anxiety developed by Drs. Spitzer, Williams, Kroenke and colleagues, free to use.",
        },
        new("thoughts", "Thoughts of suicide", "Thoughts of suicide",
        [
            new("s1", QuestionKind.Single, "In the past month, have there been times when you wanted to be dead, or hoped you would not wake up?", "In the past month, have they said or shown that they wanted to be dead, or hoped they would not wake up?", YesNoUnsure),
            new("s2", QuestionKind.Single, "In the past month, have you thought about killing yourself?", "In the past month, have they talked about or shown signs of thinking about killing themselves?", YesNoUnsure),
            new("s6", QuestionKind.Single, "Have you ever tried to end your life, started to, or got ready to, for example by collecting pills or writing a note?", "Have they ever tried to end their life, started to, or got ready to, for example by collecting pills or writing a note?", YesNoUnsure),
        ])
        {
            Intro = "These questions can be hard to answer. We ask them because your safety comes first. If you are thinking about suicide now, call or text 988 at any time.",
            OtherIntro = "These questions can be hard to answer. We ask them because safety comes first. If you are worried about their safety now, call or text 988 at any time.",
        },
        new("thoughts-more", "A little more about those thoughts", "A little more about those thoughts",
        [
            new("s3", QuestionKind.Single, "Have you thought about how you might do it?", "Have they talked about how they might do it?", YesNoUnsure) { AskWhen = a => a.Value("s2") == "yes" },
            new("s4", QuestionKind.Single, "Have you had any intention of acting on these thoughts?", "Have they shown any intention of acting on these thoughts?", YesNoUnsure) { AskWhen = a => a.Value("s2") == "yes" },
            new("s5", QuestionKind.Single, "Have you worked out the details of how to do it, and do you mean to carry it out?", "Have they worked out the details of how to do it, and do they seem to mean to carry it out?", YesNoUnsure) { AskWhen = a => a.Value("s2") == "yes" },
            new("s6recent", QuestionKind.Single, "Was that in the past 3 months?", "Was that in the past 3 months?", YesNoUnsure) { AskWhen = a => a.Value("s6") == "yes" },
        ])
        {
            Intro = "Thank you for telling us. You can call or text 988 now to talk with someone who understands.",
            OtherIntro = "Thank you for telling us. You can call or text 988 now, for yourself or for them.",
        },
        new("readiness", "Thinking about change", "Thinking about change",
        [
            new("readiness", QuestionKind.Single, "Which best describes how you feel about your use right now?", "Which best describes how they feel about their use right now?",
            [
                new("no_problem", "I don't think it's a problem", "They don't think it's a problem"),
                new("unsure", "I'm not sure it's a problem", "They're not sure it's a problem"),
                new("ready", "I want to make a change", "They want to make a change"),
                new("trying", "I'm already trying to change", "They're already trying to change"),
            ]),
        ]),
        new("history", "Effects of use and past treatment", "Effects of use and past treatment",
        [
            new("p1", QuestionKind.Single, "Used more, or for longer, than you meant to, or been unable to cut down?", "Used more, or for longer, than they meant to, or been unable to cut down?", YesNo) { AskWhen = Uses },
            new("p2", QuestionKind.Single, "Had strong cravings or urges to use?", "Had strong cravings or urges to use?", YesNo) { AskWhen = Uses },
            new("p3", QuestionKind.Single, "Had problems at work, school or home because of using?", "Had problems at work, school or home because of using?", YesNo) { AskWhen = Uses },
            new("p4", QuestionKind.Single, "Kept using even though it caused problems with your health, mood or relationships?", "Kept using even though it caused problems with their health, mood or relationships?", YesNo) { AskWhen = Uses },
            new("p5", QuestionKind.Single, "Given up or cut back on activities you used to enjoy?", "Given up or cut back on activities they used to enjoy?", YesNo) { AskWhen = Uses },
            new("p6", QuestionKind.Single, "Used in risky situations, such as before driving?", "Used in risky situations, such as before driving?", YesNo) { AskWhen = Uses },
            new("abstinence", QuestionKind.Single, "In the past 3 months, what is the longest you went without using?", "In the past 3 months, what is the longest they went without using?",
            [
                new("no_use", "I have not used in the past 3 months", "They have not used in the past 3 months"),
                new("gt_month", "More than a month"),
                new("1_4_weeks", "1 to 4 weeks"),
                new("few_days", "A few days"),
                new("cant_go_a_day", "I can't go a day without using", "They can't go a day without using"),
                new("unknown", "I'm not sure", "I don't know"),
            ])
            { AskWhen = Uses },
            new("priortreatment", QuestionKind.Single, "Have you had treatment for alcohol or drug use before?", "Have they had treatment for alcohol or drug use before?",
            [
                new("never", "No, never"),
                new("op_iop_past", "Yes: outpatient or intensive outpatient care in the past"),
                new("res_detox_past_year", "Yes: residential, hospital or detox care in the past year"),
                new("current", "I'm in treatment now", "They're in treatment now"),
            ]),
            new("recentdischarge", QuestionKind.Single, "Did you leave a residential, hospital or detox program in the last 30 days?", "Did they leave a residential, hospital or detox program in the last 30 days?", YesNo),
        ])
        {
            Intro = "For the first questions: in the past 12 months, have you…",
            OtherIntro = "For the first questions: in the past 12 months, have they…",
        },
        new("home", "Home and schedule", "Home and schedule",
        [
            new("living", QuestionKind.Single, "Which best describes where you live now?", "Which best describes where they live now?",
            [
                new("stable", "A stable home where nobody drinks or uses drugs heavily"),
                new("stable_using_others", "A stable home, but people there drink or use drugs heavily"),
                new("unstable", "Somewhere I may have to leave soon, or I keep moving", "Somewhere they may have to leave soon, or they keep moving"),
                new("homeless", "No home: outside, in a car or in a shelter"),
                new("unsafe", "Somewhere I am not safe", "Somewhere they are not safe"),
            ]),
            new("support", QuestionKind.Single, "Is there at least one person who would actively support your recovery?", "Is there at least one person (it may be you) who would actively support their recovery?", YesNo),
            new("attend", QuestionKind.Single, "Which treatment schedule could you manage?", "Which treatment schedule could they manage?",
            [
                new("php", "Most of the day on weekdays"),
                new("iop", "A few hours a day, 3 to 5 days a week"),
                new("evenings", "Evenings or weekends only"),
                new("no", "I can't commit to a schedule right now", "They can't commit to a schedule right now"),
            ]),
        ]),
        new("preferences", "What matters in a program (optional)", "What matters in a program (optional)",
        [
            new("pay", QuestionKind.Multi, "How would you pay? Tick any that apply.", "How would they pay? Tick any that apply.",
                [new("medicaid", "Medicaid"), new("medicare", "Medicare"), new("private", "Private insurance"), new("military", "Military insurance (TRICARE)"), new("selfpay", "Paying myself", "Paying themselves"), new("sliding", "I need a sliding fee or free care", "They need a sliding fee or free care")])
            { UnknownForOther = false },
            new("lang", QuestionKind.Multi, "Which language should the program use?", "Which language should the program use?",
                [new("english", "English"), new("spanish", "Spanish"), new("asl", "American Sign Language"), new("other", "Another language")])
            { UnknownForOther = false },
            new("pref", QuestionKind.Multi, "Anything else that matters? Tick any that apply.", "Anything else that matters? Tick any that apply.",
                [new("telehealth", "Online (telehealth) sessions"), new("gender", "Groups for my gender only", "Groups for their gender only"), new("lgbtq", "LGBTQ+ affirming care"), new("veterans", "Services for veterans")])
            { UnknownForOther = false },
            new("zip", QuestionKind.Text, "ZIP code, to show programs nearby", "ZIP code, to show programs nearby", [])
            { Optional = true, Hint = "5 digits. It is used only to build the link to programs near you and is not saved." },
        ])
        { Intro = "These answers only help us show programs that suit you. They never change the suggestion, and you can skip them." },
    ];

    public static IReadOnlyList<Question> AllQuestions { get; } = [.. Sections.SelectMany(s => s.Questions)];

    private static readonly Dictionary<string, Question> ByName = AllQuestions.ToDictionary(q => q.Name, StringComparer.Ordinal);

    /// <summary>The question with this form field name; every name the code asks for is in the contract.</summary>
    public static Question Named(string name) => ByName[name];

    public static Section Find(string? id) => Sections.FirstOrDefault(s => s.Id == id) ?? Sections[0];
}
