using IopFinder.Web.SelfCheck;
using Microsoft.Extensions.Primitives;

namespace IopFinder.Tests.SelfCheck;

/// <summary>
/// The specification's invariants over many generated answer sets. The generator is seeded, so a
/// failure names an answer set that can be replayed.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SelfCheckPropertyTests
{
    private const int Cases = 20_000;

    public static SelfCheckAnswers Generate(Random random)
    {
        string Pick(params string[] values) => values[random.Next(values.Length)];
        IReadOnlySet<string> Some(params string[] values) => values.Where(_ => random.Next(3) == 0).ToHashSet();
        var substances = Some("alcohol", "cannabis", "opioids", "sedatives", "stimulants", "other", "unknown");
        var drinks = substances.Contains("alcohol");
        var drugs = substances.Any(s => s != "alcohol");
        var s2 = Pick("yes", "no", "unknown");
        var s6 = Pick("yes", "no", "unknown");
        return new SelfCheckAnswers
        {
            Who = Pick("self", "other"),
            Emergency = random.Next(10) switch { 0 => "yes", 1 => "unknown", _ => "no" },
            Age = Pick("under12", "12-17", "18-25", "26-64", "65plus", "unknown"),
            Sex = Pick("f", "m", "x"),
            Substances = substances,
            AuditC1 = drinks ? random.Next(5) : 0,
            AuditC2 = drinks ? random.Next(5) : 0,
            AuditC3 = drinks ? random.Next(5) : 0,
            DrugFreq = drugs ? random.Next(5) : 0,
            DailyUse = Pick("neither", "alcohol", "sedatives", "both", "unknown"),
            WithdrawalHistory = Some("seizure", "dts", "treated", "unknown"),
            WithdrawalNow = Pick("none", "mild", "moderate", "severe"),
            OpioidWithdrawal = Pick("yes", "no", "unknown"),
            OnMedication = Pick("yes", "no"),
            Overdose = Pick("yes", "no", "unknown"),
            Pregnant = Pick("yes", "no", "na", "unknown"),
            Medical = Pick("none", "stable", "uncontrolled"),
            Injection = Pick("yes", "no"),
            Phq1 = random.Next(4),
            Phq2 = random.Next(4),
            Gad1 = random.Next(4),
            Gad2 = random.Next(4),
            S1 = Pick("yes", "no", "unknown"),
            S2 = s2,
            S3 = s2 == "yes" ? Pick("yes", "no", "unknown") : "no",
            S4 = s2 == "yes" ? Pick("yes", "no", "unknown") : "no",
            S5 = s2 == "yes" ? Pick("yes", "no", "unknown") : "no",
            S6 = s6,
            S6Recent = s6 == "yes" ? Pick("yes", "no", "unknown") : "no",
            SevereMh = Pick("yes", "no", "unknown"),
            MhCare = Pick("yes", "no"),
            Readiness = Pick("no_problem", "unsure", "ready", "trying"),
            Problems = Enumerable.Range(0, 6).Select(_ => Pick("yes", "no", "unknown")).ToList(),
            Abstinence = Pick("no_use", "gt_month", "1_4_weeks", "few_days", "cant_go_a_day", "unknown"),
            PriorTreatment = Pick("never", "op_iop_past", "res_detox_past_year", "current"),
            RecentDischarge = Pick("yes", "no"),
            Living = Pick("stable", "stable_using_others", "unstable", "homeless", "unsafe"),
            Support = Pick("yes", "no"),
            Attend = Pick("php", "iop", "evenings", "no"),
            Pay = Some("medicaid", "medicare", "private", "military", "selfpay", "sliding"),
            Lang = Some("english", "spanish", "asl", "other"),
            Pref = Some("telehealth", "gender", "lgbtq", "veterans"),
            Zip = random.Next(2) == 0 ? null : random.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static IEnumerable<(int Case, SelfCheckAnswers Answers)> AnswerSets()
    {
        var random = new Random(20261122);
        for (var i = 0; i < Cases; i++)
        {
            yield return (i, Generate(random));
        }
    }

    [Fact]
    public void Emergency_yes_always_gives_crisis_unless_the_age_gate_applies()
    {
        foreach (var (i, a) in AnswerSets().Where(x => x.Answers.Age != "under12"))
        {
            Assert.True(SelfCheckRules.Evaluate(a with { Emergency = "yes" }).Outcome == Outcome.CrisisNow, $"case {i}");
        }
    }

    [Fact]
    public void Withdrawal_risk_never_gives_less_than_supervised_withdrawal()
    {
        foreach (var (i, a) in AnswerSets())
        {
            var result = SelfCheckRules.Evaluate(a);
            if (result.Scores.WithdrawalHigh && result.Outcome != Outcome.OutOfScope)
            {
                Assert.True(result.Outcome.Intensity() >= Outcome.MedicallySupervisedWithdrawal.Intensity(), $"case {i}: {result.Outcome}");
            }
        }
    }

    [Fact]
    public void Readiness_schedule_and_filters_never_change_the_outcome()
    {
        var random = new Random(7);
        foreach (var (i, a) in AnswerSets())
        {
            var other = Generate(random);
            var changed = a with { Readiness = other.Readiness, Attend = other.Attend, Pay = other.Pay, Lang = other.Lang, Pref = other.Pref, Zip = other.Zip };

            var before = SelfCheckRules.Evaluate(a);
            var after = SelfCheckRules.Evaluate(changed);

            Assert.True(before.Outcome == after.Outcome && before.Reasons.SequenceEqual(after.Reasons) && before.NextOutcome == after.NextOutcome, $"case {i}");
        }
    }

    [Fact]
    public void More_problems_worse_mood_or_a_worse_home_never_lower_the_level_of_care()
    {
        foreach (var (i, a) in AnswerSets().Where(x => x.Answers.Age != "under12"))
        {
            var level = SelfCheckRules.Evaluate(a).Outcome.Intensity();
            var worse = new (string What, SelfCheckAnswers Answers)[]
            {
                ("one more problem", a with { Problems = a.Problems.Select((p, k) => k == a.Problems.ToList().FindIndex(x => x != "yes") ? "yes" : p).ToList() }),
                ("higher PHQ", a with { Phq1 = Math.Min(3, a.Phq1 + 1) }),
                ("higher GAD", a with { Gad2 = Math.Min(3, a.Gad2 + 1) }),
                ("no support", a with { Support = "no" }),
                ("worse home", a with { Living = Worse(a.Living) }),
            };
            foreach (var (what, answers) in worse)
            {
                var after = SelfCheckRules.Evaluate(answers).Outcome.Intensity();
                Assert.True(after >= level, $"case {i}: {what} lowered the level from {level} to {after}");
            }
        }
    }

    [Fact]
    public void The_same_answers_always_give_the_same_result()
    {
        foreach (var (_, a) in AnswerSets().Take(2_000))
        {
            var first = SelfCheckRules.Evaluate(a);
            var second = SelfCheckRules.Evaluate(a with { });
            Assert.Equal(first.Outcome, second.Outcome);
            Assert.Equal(first.Reasons, second.Reasons);
            Assert.Equal(first.Flags, second.Flags);
        }
    }

    /// <summary>The flags that carry a safety message; "I don't know" may never remove one.</summary>
    private static readonly string[] SafetyFlags = ["NALOXONE_INFO", "WITHDRAWAL_CAUTION", "SHOW_988_PROMINENTLY", "EMERGENCY_UNSURE"];

    /// <summary>
    /// Whether <paramref name="after"/> keeps every safety message of <paramref name="before"/>. The
    /// specification drops WITHDRAWAL_CAUTION when withdrawal is high risk, because the supervised-withdrawal
    /// result then says the same thing more strongly; that replacement counts as keeping the message.
    /// </summary>
    private static string? LostSafetyMessage(SelfCheckResult before, SelfCheckResult after) =>
        SafetyFlags.FirstOrDefault(f => before.Flags.Contains(f) && !after.Flags.Contains(f)
            && !(f == "WITHDRAWAL_CAUTION" && after.Scores.WithdrawalHigh));

    private static string? Lowered(SelfCheckResult before, SelfCheckResult after) =>
        after.Outcome.Intensity() < before.Outcome.Intensity() ? $"level {before.Outcome} became {after.Outcome}"
        : LostSafetyMessage(before, after) is { } flag ? $"lost {flag}" : null;

    private static IReadOnlySet<string> With(IReadOnlySet<string> set, string value) => set.Append(value).ToHashSet();

    /// <summary>
    /// Each answer the contract lets be "unknown", paired with the answers it stands in for: the ones that
    /// report no problem. A sets-valued answer gains "unknown" on top of whatever was ticked.
    /// </summary>
    private static IEnumerable<(string Field, SelfCheckAnswers Known, SelfCheckAnswers Unknown)> UnknownReplacements(SelfCheckAnswers a)
    {
        yield return ("emergency", a with { Emergency = "no" }, a with { Emergency = "unknown" });
        foreach (var age in new[] { "18-25", "26-64" })
        {
            yield return ("age " + age, a with { Age = age }, a with { Age = "unknown" });
        }

        yield return ("substances", a, a with { Substances = With(a.Substances, "unknown") });
        yield return ("dailyuse", a with { DailyUse = "neither" }, a with { DailyUse = "unknown" });
        yield return ("withdrawalhistory", a, a with { WithdrawalHistory = With(a.WithdrawalHistory, "unknown") });
        yield return ("opioidwithdrawal", a with { OpioidWithdrawal = "no" }, a with { OpioidWithdrawal = "unknown" });
        yield return ("overdose", a with { Overdose = "no" }, a with { Overdose = "unknown" });
        foreach (var pregnant in new[] { "no", "na" })
        {
            yield return ("pregnant " + pregnant, a with { Pregnant = pregnant }, a with { Pregnant = "unknown" });
        }

        yield return ("s1", a with { S1 = "no" }, a with { S1 = "unknown" });
        yield return ("s2", a with { S2 = "no" }, a with { S2 = "unknown" });
        yield return ("s3", a with { S3 = "no" }, a with { S3 = "unknown" });
        yield return ("s4", a with { S4 = "no" }, a with { S4 = "unknown" });
        yield return ("s5", a with { S5 = "no" }, a with { S5 = "unknown" });
        yield return ("s6", a with { S6 = "no" }, a with { S6 = "unknown" });
        yield return ("s6recent", a with { S6Recent = "no" }, a with { S6Recent = "unknown" });
        yield return ("severemh", a with { SevereMh = "no" }, a with { SevereMh = "unknown" });
        foreach (var abstinence in new[] { "no_use", "gt_month", "1_4_weeks" })
        {
            yield return ("abstinence " + abstinence, a with { Abstinence = abstinence }, a with { Abstinence = "unknown" });
        }

        for (var k = 0; k < 6; k++)
        {
            var index = k;
            yield return ("p" + (k + 1), a with { Problems = a.Problems.Select((p, j) => j == index ? "no" : p).ToList() }, a with { Problems = a.Problems.Select((p, j) => j == index ? "unknown" : p).ToList() });
        }
    }

    [Fact]
    public void I_dont_know_never_lowers_the_level_of_care_or_removes_a_safety_message()
    {
        foreach (var (i, a) in AnswerSets())
        {
            foreach (var (field, known, unknown) in UnknownReplacements(a))
            {
                var problem = Lowered(SelfCheckRules.Evaluate(known), SelfCheckRules.Evaluate(unknown));
                Assert.True(problem is null, $"case {i}, {field}: {problem}");
            }
        }
    }

    /// <summary>
    /// For every question the form offers "I don't know" on when answering for someone else, the answer
    /// that reports no problem. The form test below fails if a question offers "I don't know" and is
    /// missing here, so a new question cannot slip past it.
    /// </summary>
    private static readonly Dictionary<string, string[]> NoProblemAnswers = new()
    {
        ["emergency"] = ["no"], ["age"] = ["18-25", "26-64"], ["sex"] = ["m", "f"],
        ["auditc1"] = ["0", "1"], ["auditc2"] = ["0"], ["auditc3"] = ["0"], ["drugfreq"] = ["1"],
        ["dailyuse"] = ["neither"], ["withdrawalnow"] = ["none"], ["opioidwithdrawal"] = ["no"], ["onmedication"] = ["no"],
        ["overdose"] = ["no"], ["pregnant"] = ["no", "na"], ["medical"] = ["none"], ["injection"] = ["no"],
        ["phq1"] = ["0"], ["phq2"] = ["0"], ["gad1"] = ["0"], ["gad2"] = ["0"], ["severemh"] = ["no"], ["mhcare"] = ["no"],
        ["s1"] = ["no"], ["s2"] = ["no"], ["s3"] = ["no"], ["s4"] = ["no"], ["s5"] = ["no"], ["s6"] = ["no"], ["s6recent"] = ["no"],
        ["readiness"] = ["no_problem", "unsure", "ready", "trying"],
        ["p1"] = ["no"], ["p2"] = ["no"], ["p3"] = ["no"], ["p4"] = ["no"], ["p5"] = ["no"], ["p6"] = ["no"],
        ["abstinence"] = ["no_use", "gt_month", "1_4_weeks"], ["priortreatment"] = ["never"], ["recentdischarge"] = ["no"],
        ["living"] = ["stable"], ["support"] = ["yes"], ["attend"] = ["php", "iop", "evenings", "no"],
    };

    private static SelfCheckResult EvaluateForm(Dictionary<string, StringValues> form) => SelfCheckRules.Evaluate(FormAnswers.From(form).ToAnswers());

    /// <summary>The posted form with one field's values replaced, as a browser would post it.</summary>
    private static Dictionary<string, StringValues> Replace(Dictionary<string, StringValues> form, string name, params string[] values) =>
        new(form) { [name] = values };

    [Fact]
    public void On_the_form_for_a_loved_one_i_dont_know_is_never_safer_than_saying_there_is_no_problem()
    {
        var offered = Questionnaire.AllQuestions.Where(q => q.ChoicesFor(forOther: true).Any(c => c.Value == "unknown")).ToList();
        Assert.Empty(offered.Where(q => q.Kind == QuestionKind.Single).Select(q => q.Name).Except(NoProblemAnswers.Keys));

        foreach (var (i, generated) in AnswerSets().Take(1_500))
        {
            var fields = ContractForm.Fields(generated with { Who = "other" }, "token")
                .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => new StringValues(g.Select(f => f.Value).ToArray()));
            foreach (var question in offered)
            {
                if (question.Kind == QuestionKind.Multi)
                {
                    var ticked = fields.GetValueOrDefault(question.Name).Select(v => v!).ToArray();
                    var problem = Lowered(EvaluateForm(Replace(fields, question.Name, ticked)), EvaluateForm(Replace(fields, question.Name, [.. ticked, "unknown"])));
                    Assert.True(problem is null, $"case {i}, {question.Name}: {problem}");
                    continue;
                }

                var unknown = EvaluateForm(Replace(fields, question.Name, "unknown"));
                foreach (var noProblem in NoProblemAnswers[question.Name])
                {
                    var problem = Lowered(EvaluateForm(Replace(fields, question.Name, noProblem)), unknown);
                    Assert.True(problem is null, $"case {i}, {question.Name} = {noProblem} → unknown: {problem}");
                }
            }
        }
    }

    private static string Worse(string living) => living switch
    {
        "stable" => "stable_using_others",
        "stable_using_others" => "unstable",
        "unstable" => "homeless",
        _ => living,
    };
}
