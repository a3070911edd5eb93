using AngleSharp.Html.Dom;

namespace IopFinder.Tests.SelfCheck;

[Collection(SiteCollection.Name)]
public sealed class SelfCheckJourneyTests(SiteFactory factory)
{
    /// <summary>Answers a person gives, screen by screen, keyed by section id.</summary>
    private static Dictionary<string, Dictionary<string, string[]>> DailyDrinker() => new()
    {
        ["who"] = new() { ["who"] = ["self"] },
        ["safety"] = new() { ["emergency"] = ["no"] },
        ["about"] = new() { ["age"] = ["26-64"], ["sex"] = ["m"] },
        ["substances"] = new() { ["substances"] = ["alcohol"] },
        ["alcohol"] = new() { ["auditc1"] = ["4"], ["auditc2"] = ["2"], ["auditc3"] = ["2"] },
        ["frequency"] = new() { ["dailyuse"] = ["alcohol"] },
        ["withdrawal"] = new() { ["withdrawalnow"] = ["mild"] },
        ["health"] = new() { ["onmedication"] = ["no"], ["overdose"] = ["no"], ["medical"] = ["none"], ["injection"] = ["no"] },
        ["mood"] = new() { ["phq1"] = ["0"], ["phq2"] = ["1"], ["gad1"] = ["0"], ["gad2"] = ["0"], ["severemh"] = ["no"], ["mhcare"] = ["no"] },
        ["thoughts"] = new() { ["s1"] = ["no"], ["s2"] = ["no"], ["s6"] = ["no"] },
        ["readiness"] = new() { ["readiness"] = ["ready"] },
        ["history"] = new() { ["p1"] = ["yes"], ["p2"] = ["yes"], ["p3"] = ["no"], ["p4"] = ["no"], ["p5"] = ["no"], ["p6"] = ["no"], ["abstinence"] = ["few_days"], ["priortreatment"] = ["never"], ["recentdischarge"] = ["no"] },
        ["home"] = new() { ["living"] = ["stable"], ["support"] = ["yes"], ["attend"] = ["evenings"] },
        ["preferences"] = new() { ["pay"] = ["private"], ["zip"] = ["22903"] },
    };

    private async Task<(IHtmlDocument Result, List<string> Sections)> Walk(HttpClient client, Dictionary<string, Dictionary<string, string[]>> plan)
    {
        var page = await client.GetDocumentAsync("/self-check");
        var (_, document) = await client.SubmitAsync("/self-check", page, new Dictionary<string, string[]>());
        var sections = new List<string>();
        while (document.GetElementById("self-check-step") is { } step)
        {
            var id = step.GetAttribute("data-section")!;
            Assert.True(sections.Count < 30, "the questionnaire did not end");
            sections.Add(id);
            (_, document) = await client.SubmitAsync("/self-check", document, plan.GetValueOrDefault(id) ?? []);
        }

        return (document, sections);
    }

    [Fact]
    public async Task A_person_answering_for_themselves_goes_through_every_screen_that_applies_to_a_result()
    {
        using var client = factory.Client();

        var (result, sections) = await Walk(client, DailyDrinker());

        Assert.Equal(["who", "safety", "about", "substances", "alcohol", "frequency", "withdrawal", "health", "mood", "thoughts", "readiness", "history", "home", "preferences"], sections);
        var element = result.GetElementById("self-check-result")!;
        Assert.Equal("IOP", element.GetAttribute("data-outcome"));
        Assert.Contains("WITHDRAWAL_CAUTION", element.GetAttribute("data-flags"));
        Assert.Equal("/clinics?near=22903&care=iop&pay=private&time=evening&time=weekend", result.GetElementById("find-programs")?.GetAttribute("href"));
    }

    [Fact]
    public async Task Skip_logic_leaves_out_questions_that_do_not_apply()
    {
        using var client = factory.Client();
        var plan = DailyDrinker();
        plan["substances"] = new() { ["substances"] = [] };
        plan["thoughts"] = new() { ["s1"] = ["yes"], ["s2"] = ["yes"], ["s6"] = ["no"] };
        plan["thoughts-more"] = new() { ["s3"] = ["no"], ["s4"] = ["no"], ["s5"] = ["no"] };

        var (result, sections) = await Walk(client, plan);

        Assert.DoesNotContain("alcohol", sections);
        Assert.DoesNotContain("frequency", sections);
        Assert.DoesNotContain("withdrawal", sections);
        Assert.Contains("thoughts-more", sections);
        Assert.Equal("EARLY_INTERVENTION", result.GetElementById("self-check-result")!.GetAttribute("data-outcome"));
        Assert.Contains("SHOW_988_PROMINENTLY", result.GetElementById("self-check-result")!.GetAttribute("data-flags"));
    }

    [Fact]
    public async Task Intent_to_act_ends_the_questions_at_once_with_the_988_result()
    {
        using var client = factory.Client();
        var plan = DailyDrinker();
        plan["thoughts"] = new() { ["s1"] = ["yes"], ["s2"] = ["yes"], ["s6"] = ["no"] };
        plan["thoughts-more"] = new() { ["s3"] = ["yes"], ["s4"] = ["yes"], ["s5"] = ["no"] };

        var (result, sections) = await Walk(client, plan);

        Assert.Equal("thoughts-more", sections[^1]);
        Assert.Equal("SUICIDE_RISK_988", result.GetElementById("self-check-result")!.GetAttribute("data-reasons"));
    }

    [Fact]
    public async Task The_progress_indicator_counts_the_screens_that_apply()
    {
        using var client = factory.Client();
        var page = await client.GetDocumentAsync("/self-check");

        var (_, first) = await client.SubmitAsync("/self-check", page, new Dictionary<string, string[]>());

        Assert.Matches(@"^Step 1 of \d+$", first.GetElementById("progress")!.TextContent.Trim());
        Assert.Equal("1", first.QuerySelector("progress")?.GetAttribute("value"));
    }

    /// <summary>A parent who does not know what their son uses, but knows he overdosed and that it causes problems.</summary>
    private static Dictionary<string, Dictionary<string, string[]>> WorriedParent() => new()
    {
        ["who"] = new() { ["who"] = ["other"] },
        ["safety"] = new() { ["emergency"] = ["unknown"] },
        ["about"] = new() { ["age"] = ["18-25"], ["sex"] = ["m"] },
        ["substances"] = new() { ["substances"] = ["unknown"] },
        ["frequency"] = new() { ["drugfreq"] = ["unknown"], ["dailyuse"] = ["unknown"] },
        ["withdrawal"] = new() { ["withdrawalnow"] = ["unknown"], ["opioidwithdrawal"] = ["unknown"] },
        ["health"] = new() { ["onmedication"] = ["no"], ["overdose"] = ["yes"], ["medical"] = ["none"], ["injection"] = ["unknown"] },
        ["mood"] = new() { ["phq1"] = ["1"], ["phq2"] = ["1"], ["gad1"] = ["1"], ["gad2"] = ["0"], ["severemh"] = ["no"], ["mhcare"] = ["no"] },
        ["thoughts"] = new() { ["s1"] = ["no"], ["s2"] = ["no"], ["s6"] = ["no"] },
        ["readiness"] = new() { ["readiness"] = ["no_problem"] },
        ["history"] = new() { ["p1"] = ["yes"], ["p2"] = ["unknown"], ["p3"] = ["yes"], ["p4"] = ["yes"], ["p5"] = ["yes"], ["p6"] = ["unknown"], ["abstinence"] = ["unknown"], ["priortreatment"] = ["never"], ["recentdischarge"] = ["no"] },
        ["home"] = new() { ["living"] = ["stable"], ["support"] = ["yes"], ["attend"] = ["unknown"] },
        ["preferences"] = new() { ["pay"] = ["private"] },
    };

    [Fact]
    public async Task A_parent_who_does_not_know_what_is_used_is_asked_every_use_question_and_told_about_naloxone()
    {
        using var client = factory.Client();

        var (result, sections) = await Walk(client, WorriedParent());

        Assert.Equal(["who", "safety", "about", "substances", "frequency", "withdrawal", "health", "mood", "thoughts", "readiness", "history", "home", "preferences"], sections);
        var element = result.GetElementById("self-check-result")!;
        Assert.Equal("IOP", element.GetAttribute("data-outcome"));
        Assert.Equal("SEVERE_USE", element.GetAttribute("data-reasons"));
        Assert.Contains("WITHDRAWAL_CAUTION", element.GetAttribute("data-flags"));
        Assert.Contains("NALOXONE_INFO", element.GetAttribute("data-flags"));
        Assert.Contains("UNKNOWN_SUBSTANCES", element.GetAttribute("data-flags"));
        Assert.Contains("EMERGENCY_UNSURE", element.GetAttribute("data-flags"));
        Assert.NotNull(result.QuerySelector("[data-flag=NALOXONE_INFO]"));
    }

    [Fact]
    public async Task Every_step_after_an_unsure_emergency_answer_shows_the_911_line()
    {
        using var client = factory.Client();
        var page = await client.GetDocumentAsync("/self-check");
        var (_, document) = await client.SubmitAsync("/self-check", page, new Dictionary<string, string[]>());
        var plan = WorriedParent();
        var steps = 0;

        while (document.GetElementById("self-check-step") is { } step)
        {
            var id = step.GetAttribute("data-section")!;
            var line = document.GetElementById("emergency-unsure");
            if (id is "who" or "safety")
            {
                Assert.Null(line);
            }
            else
            {
                Assert.Contains("call 911", line?.TextContent);
                steps++;
            }

            (_, document) = await client.SubmitAsync("/self-check", document, plan.GetValueOrDefault(id) ?? []);
        }

        Assert.Equal(11, steps);
        Assert.NotNull(document.GetElementById("emergency-unsure"));
    }
}
