using IopFinder.Web.SelfCheck;

namespace IopFinder.Tests.SelfCheck;

/// <summary>
/// The specification's invariants over many generated answer sets. The generator is seeded, so a
/// failure names an answer set that can be replayed.
/// </summary>
public sealed class SelfCheckPropertyTests
{
    private const int Cases = 20_000;

    public static SelfCheckAnswers Generate(Random random)
    {
        string Pick(params string[] values) => values[random.Next(values.Length)];
        IReadOnlySet<string> Some(params string[] values) => values.Where(_ => random.Next(3) == 0).ToHashSet();
        var substances = Some("alcohol", "cannabis", "opioids", "sedatives", "stimulants", "other");
        var drinks = substances.Contains("alcohol");
        var drugs = substances.Any(s => s != "alcohol");
        var s2 = Pick("yes", "no", "unknown");
        var s6 = Pick("yes", "no", "unknown");
        return new SelfCheckAnswers
        {
            Who = Pick("self", "other"),
            Emergency = random.Next(10) == 0 ? "yes" : "no",
            Age = Pick("under12", "12-17", "18-25", "26-64", "65plus"),
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

    private static string Worse(string living) => living switch
    {
        "stable" => "stable_using_others",
        "stable_using_others" => "unstable",
        "unstable" => "homeless",
        _ => living,
    };
}
