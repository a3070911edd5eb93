using IopFinder.Web.SelfCheck;
using static IopFinder.Web.SelfCheck.SelfCheckAnswers;

namespace IopFinder.Tests.SelfCheck;

[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SelfCheckRulesTests
{
    [Theory]
    [MemberData(nameof(WorkedExamples.Theory), MemberType = typeof(WorkedExamples))]
    public void Each_worked_example_gives_the_specified_outcome_reasons_and_flags(WorkedExample example)
    {
        var result = SelfCheckRules.Evaluate(example.Answers);

        Assert.Equal(example.Outcome, result.Outcome.Code());
        Assert.Equal(example.Reasons, string.Join(" ", result.Reasons));
        foreach (var flag in example.Flags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.Contains(flag, result.Flags);
        }
    }

    [Fact]
    public void After_supervised_withdrawal_the_next_step_is_what_the_other_rules_say()
    {
        var seizure = WorkedExamples.All.Single(e => e.Name == "past withdrawal seizure").Answers;

        var result = SelfCheckRules.Evaluate(seizure);

        // Tier 4 use (4 problems, can't go a day) with a supportive home: IOP once withdrawal is managed.
        Assert.Equal(Outcome.Iop, result.NextOutcome);
        Assert.Null(SelfCheckRules.Evaluate(new SelfCheckAnswers()).NextOutcome);
    }

    [Theory]
    [InlineData("m", "18-25", 4)]
    [InlineData("m", "12-17", 3)]
    [InlineData("f", "26-64", 3)]
    [InlineData("x", "65plus", 3)]
    public void The_audit_c_cut_off_depends_on_sex_and_age(string sex, string age, int threshold)
    {
        Assert.Equal(threshold, SelfCheckRules.Score(new SelfCheckAnswers { Sex = sex, Age = age }).AuditCThreshold);
    }

    [Fact]
    public void Unknown_counts_as_no_except_where_a_rule_names_it()
    {
        var unknownSuicideItems = new SelfCheckAnswers { S1 = "unknown", S2 = "unknown", S4 = "unknown" };
        var unknownDailyUse = new SelfCheckAnswers { Substances = Set("alcohol"), AuditC1 = 2, DailyUse = "unknown", WithdrawalHistory = Set("unknown") };

        var suicide = SelfCheckRules.Evaluate(unknownSuicideItems);
        var withdrawal = SelfCheckRules.Evaluate(unknownDailyUse);

        Assert.Equal(0, suicide.Scores.MentalHealth);
        Assert.Contains("SHOW_988_PROMINENTLY", suicide.Flags);
        Assert.Equal(Outcome.MedicallySupervisedWithdrawal, withdrawal.Outcome);
    }

    [Fact]
    public void Suicide_risk_outranks_withdrawal_and_an_emergency_outranks_both_but_age_comes_first()
    {
        var withdrawal = new SelfCheckAnswers { Substances = Set("sedatives"), DrugFreq = 4, DailyUse = "sedatives" };

        Assert.Equal("SUICIDE_RISK_988", SelfCheckRules.Evaluate(withdrawal with { S6 = "yes", S6Recent = "yes" }).Reasons[0]);
        Assert.Equal("EMERGENCY_911", SelfCheckRules.Evaluate(withdrawal with { S5 = "yes", WithdrawalNow = "severe" }).Reasons[0]);
        Assert.Equal(Outcome.OutOfScope, SelfCheckRules.Evaluate(withdrawal with { Emergency = "yes", Age = "under12" }).Outcome);
    }

    [Fact]
    public void Crisis_and_out_of_scope_results_carry_no_mental_health_follow_up_reason()
    {
        var crisis = SelfCheckRules.Evaluate(new SelfCheckAnswers { Emergency = "yes", Phq1 = 3, Phq2 = 3 });

        Assert.Equal(["EMERGENCY_911"], crisis.Reasons);
        Assert.Contains("SHOW_988_PROMINENTLY", crisis.Flags);
    }

    // v1.1: "I don't know" never lowers the level of care and never removes a safety message.

    [Fact]
    public void Not_knowing_which_substances_counts_as_use_and_never_reads_as_no_problem()
    {
        var unknownOnly = new SelfCheckAnswers { Who = "other", Substances = Set("unknown") };

        var result = SelfCheckRules.Evaluate(unknownOnly);

        Assert.Equal(1, result.Scores.UseTier);
        Assert.Equal(["AT_RISK_USE"], result.Reasons);
        Assert.Contains("NALOXONE_INFO", result.Flags);
        Assert.Contains("UNKNOWN_SUBSTANCES", result.Flags);
        Assert.DoesNotContain("MAT_OPIOID", result.Flags);
        Assert.Equal(["NONE_INDICATED"], SelfCheckRules.Evaluate(unknownOnly with { Substances = Set() }).Reasons);
    }

    [Fact]
    public void Unknown_substances_still_reach_the_severe_tier_through_overdose_or_problems()
    {
        var unknown = new SelfCheckAnswers { Who = "other", Substances = Set("unknown") };

        Assert.Equal(4, SelfCheckRules.Evaluate(unknown with { Overdose = "yes" }).Scores.UseTier);
        Assert.Equal(3, SelfCheckRules.Evaluate(unknown with { Problems = FirstProblems(2) }).Scores.UseTier);
        Assert.Equal(3, SelfCheckRules.Evaluate(unknown with { DrugFreq = 4 }).Scores.UseTier);
    }

    [Theory]
    [InlineData("alcohol", true)]
    [InlineData("sedatives", true)]
    [InlineData("unknown", true)]
    [InlineData("cannabis", false)]
    [InlineData("opioids", false)]
    public void Moderate_withdrawal_now_from_alcohol_sedatives_or_an_unknown_substance_means_supervised_withdrawal_even_without_daily_use(string substance, bool dangerous)
    {
        var answers = new SelfCheckAnswers { Who = "other", Substances = Set(substance), DrugFreq = substance == "alcohol" ? 0 : 2, AuditC1 = substance == "alcohol" ? 2 : 0, DailyUse = "neither", WithdrawalNow = "moderate" };

        var result = SelfCheckRules.Evaluate(answers);

        Assert.Equal(dangerous, result.Scores.WithdrawalHigh);
        Assert.Equal(dangerous, result.Outcome == Outcome.MedicallySupervisedWithdrawal);
    }

    [Theory]
    [InlineData("alcohol", "neither", true, false)]
    [InlineData("sedatives", "neither", true, false)]
    [InlineData("unknown", "neither", true, false)]
    [InlineData("stimulants", "neither", false, false)]
    [InlineData("alcohol", "sedatives", false, true)]
    public void Mild_withdrawal_now_from_alcohol_sedatives_or_an_unknown_substance_warns_not_to_stop_suddenly_unless_withdrawal_is_already_high_risk(string substance, string dailyUse, bool caution, bool high)
    {
        var answers = new SelfCheckAnswers { Who = "other", Substances = Set(substance), AuditC1 = 2, DrugFreq = 2, DailyUse = dailyUse, WithdrawalNow = "mild" };

        var result = SelfCheckRules.Evaluate(answers);

        Assert.Equal(caution, result.Flags.Contains("WITHDRAWAL_CAUTION"));
        Assert.Equal(high, result.Scores.WithdrawalHigh);
    }

    [Fact]
    public void Not_knowing_whether_it_is_an_emergency_keeps_the_check_going_and_adds_the_911_line()
    {
        var unsure = new SelfCheckAnswers { Who = "other", Emergency = "unknown" };

        var result = SelfCheckRules.Evaluate(unsure);

        Assert.NotEqual(Outcome.CrisisNow, result.Outcome);
        Assert.Contains("EMERGENCY_UNSURE", result.Flags);
        Assert.DoesNotContain("EMERGENCY_UNSURE", SelfCheckRules.Evaluate(unsure with { Emergency = "no" }).Flags);
        Assert.Equal(Outcome.CrisisNow, SelfCheckRules.Evaluate(unsure with { Emergency = "yes" }).Outcome);
    }

    [Fact]
    public void An_unknown_age_takes_the_lower_audit_c_cut_off()
    {
        Assert.Equal(SelfCheckRules.AuditCThresholdOthers, SelfCheckRules.Score(new SelfCheckAnswers { Sex = "m", Age = "unknown" }).AuditCThreshold);
    }
}
