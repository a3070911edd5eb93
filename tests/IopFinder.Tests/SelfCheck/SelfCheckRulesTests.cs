using IopFinder.Web.SelfCheck;
using static IopFinder.Web.SelfCheck.SelfCheckAnswers;

namespace IopFinder.Tests.SelfCheck;

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
}
