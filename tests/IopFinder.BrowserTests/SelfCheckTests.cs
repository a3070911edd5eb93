using IopFinder.BrowserTests.Pages;
using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

/// <summary>The self-check's pages one at a time: accessibility of each kind of result, errors, printing.</summary>
public sealed class SelfCheckTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_missing_answer_is_announced_and_linked_from_an_error_summary()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync("error-summary", async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/self-check");
            await check.Start.ClickAsync();

            await check.Continue.ClickAsync();

            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await page.Locator("#error-summary a").First.ClickAsync();
            await Expect(page.Locator("#who-0")).ToBeFocusedAsync();
            await Axe.AssertNoViolationsAsync(page);
        });
    }

    public static TheoryData<string, string> ResultKinds() => new()
    {
        { "iop", "substances=opioids&drugfreq=4&opioidwithdrawal=yes&p1=yes&p2=yes&p3=yes&p4=yes&abstinence=few_days" },
        { "crisis-911", "who=other&emergency=yes&substances=opioids&drugfreq=4" },
        { "crisis-988", "s1=yes&s2=yes&s3=yes&s4=yes" },
        { "withdrawal", "substances=alcohol&auditc1=4&auditc2=3&auditc3=3&dailyuse=alcohol&withdrawalhistory=seizure" },
        { "residential", "substances=stimulants&drugfreq=4&p1=yes&p2=yes&p3=yes&p4=yes&p5=yes&abstinence=cant_go_a_day&living=homeless&support=no" },
        { "php", "sex=f&substances=alcohol&auditc1=4&auditc2=3&auditc3=3&p1=yes&p2=yes&p3=yes&p4=yes&phq1=2&phq2=2" },
        { "early", "phq1=2&phq2=2" },
        { "child", "age=under12" },
    };

    /// <summary>A whole contract answer set: the given answers over the specification's defaults.</summary>
    private static List<KeyValuePair<string, string>> Complete(string answers)
    {
        var fields = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(answers)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v!))).ToList();
        var defaults = new Dictionary<string, string>
        {
            ["who"] = "self", ["emergency"] = "no", ["age"] = "26-64", ["sex"] = "m", ["dailyuse"] = "neither", ["withdrawalnow"] = "none",
            ["opioidwithdrawal"] = "no", ["onmedication"] = "no", ["overdose"] = "no", ["pregnant"] = "no", ["medical"] = "none", ["injection"] = "no",
            ["phq1"] = "0", ["phq2"] = "0", ["gad1"] = "0", ["gad2"] = "0", ["s1"] = "no", ["s2"] = "no", ["s6"] = "no",
            ["severemh"] = "no", ["mhcare"] = "no", ["readiness"] = "ready", ["p1"] = "no", ["p2"] = "no", ["p3"] = "no", ["p4"] = "no", ["p5"] = "no", ["p6"] = "no",
            ["abstinence"] = "gt_month", ["priortreatment"] = "never", ["recentdischarge"] = "no", ["living"] = "stable", ["support"] = "yes", ["attend"] = "iop",
        };
        var given = fields.Select(f => f.Key).ToHashSet();
        return fields.Concat(defaults.Where(d => !given.Contains(d.Key))).ToList();
    }

    [Theory]
    [MemberData(nameof(ResultKinds))]
    public Task Axe_finds_no_violations_on_each_kind_of_result(string kind, string answers) =>
        fixture.OnScanPageAsync("axe-result-" + kind, async page =>
        {
            var check = new SelfCheckPage(page);
            await check.PostAnswersAsync(Complete(answers));

            await Expect(check.Result).ToHaveCountAsync(1);
            await Axe.AssertNoViolationsAsync(page);
        });

    [Fact]
    public Task Axe_finds_no_violations_on_the_intro_and_a_question_step_in_either_colour_scheme() =>
        fixture.OnScanPageAsync("axe-steps", async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/self-check");
            await Axe.AssertNoViolationsInBothSchemesAsync(page);

            await check.Start.ClickAsync();
            await page.Locator("label[for=who-1]").ClickAsync();
            await check.Continue.ClickAsync();
            await page.Locator("label[for=emergency-1]").ClickAsync();
            await check.Continue.ClickAsync();

            Assert.Equal("about", await check.SectionAsync());
            await Axe.AssertNoViolationsInBothSchemesAsync(page);
        });

    /// <summary>Without JavaScript the button stays hidden: checked on the result of the whole journey without it (<see cref="SelfCheckJourneyTests"/>).</summary>
    [Fact]
    public async Task The_print_button_appears_with_javascript()
    {
        await using var withJs = await fixture.NewSessionAsync();

        await new SelfCheckPage(withJs.Page).PostAnswersAsync(Complete("phq1=2"));

        await Expect(withJs.Page.Locator("#print-result")).ToBeVisibleAsync();
    }
}
