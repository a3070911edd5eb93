using IopFinder.Web.SelfCheck;

namespace IopFinder.Tests.SelfCheck;

/// <summary>Reason and flag codes are named once (<see cref="ReasonCode"/>, <see cref="FlagCode"/>); every one is worded, in both languages.</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class ResultCodeTests
{
    private static IReadOnlyDictionary<string, string> Spanish => IopFinder.Tests.Content.RepoLibrary.SpanishStrings;

    /// <summary>A context for each way the words vary: oneself, a loved one, and substances nobody can name.</summary>
    private static IEnumerable<ResultContext> Contexts(string? reason = null, string? flag = null)
    {
        var example = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home").Answers;
        foreach (var answers in new[] { example, example with { Who = "other" }, example with { Who = "other", Substances = new HashSet<string> { "unknown" } } })
        {
            var result = SelfCheckRules.Evaluate(answers);
            yield return new ResultContext(result with { Reasons = reason is null ? result.Reasons : [reason], Flags = flag is null ? result.Flags : [flag] }, answers);
        }
    }

    public static TheoryData<string> Reasons() => new(ReasonCode.All);

    public static TheoryData<string> Flags() => new(FlagCode.All.Except(FlagCode.WithoutGuidance));

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Every_reason_has_a_sentence_for_oneself_and_for_a_loved_one_in_both_languages(string code)
    {
        foreach (var context in Contexts(reason: code))
        {
            var sentence = ResultContent.Reason(code, context);

            Assert.False(string.IsNullOrWhiteSpace(sentence), code);
            Assert.True(Spanish.ContainsKey(sentence), $"{code}: no Spanish for \"{sentence}\"");
        }
    }

    [Theory]
    [MemberData(nameof(Flags))]
    public void Every_flag_with_guidance_has_a_title_and_text_in_both_languages(string code)
    {
        foreach (var context in Contexts(flag: code))
        {
            var guidance = ResultContent.Flag(code, context);

            Assert.NotNull(guidance);
            Assert.All(guidance!.Sentences.Prepend(guidance.Title), s => Assert.True(Spanish.ContainsKey(s), $"{code}: no Spanish for \"{s}\""));
        }
    }

    [Fact]
    public void A_mental_health_reason_from_thoughts_of_suicide_says_so_not_mood_or_anxiety()
    {
        var example = WorkedExamples.All.Single(e => e.Name == "daily opioids, supportive home").Answers;
        string Sentence(SelfCheckAnswers answers)
        {
            var result = SelfCheckRules.Evaluate(answers);
            var code = result.Reasons.Single(r => r is ReasonCode.MhFollowup or ReasonCode.MhUrgent);
            return ResultContent.Reason(code, new ResultContext(result, answers));
        }

        Assert.Contains("mood or anxiety", Sentence(example with { Phq1 = 2, Phq2 = 2 }));
        Assert.Contains("wishing you were dead", Sentence(example with { S1 = "yes" }));
        Assert.Contains("them wishing they were dead", Sentence(example with { Who = "other", S2 = "yes" }));
        Assert.Contains("how you might end your life", Sentence(example with { S2 = "yes", S3 = "yes" }));
    }

    [Fact]
    public void An_unknown_reason_fails_loudly_instead_of_showing_an_empty_line()
    {
        var context = Contexts().First();

        Assert.Throws<ArgumentOutOfRangeException>(() => ResultContent.Reason("NOT_A_REASON", context));
    }

    [Fact]
    public void The_rules_give_only_named_reasons_and_flags()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 5_000; i++)
        {
            var result = SelfCheckRules.Evaluate(SelfCheckPropertyTests.Generate(random));

            Assert.All(result.Reasons, r => Assert.Contains(r, ReasonCode.All));
            Assert.All(result.Flags, f => Assert.Contains(f, FlagCode.All));
        }
    }
}
