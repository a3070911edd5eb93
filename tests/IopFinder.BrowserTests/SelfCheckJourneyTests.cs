using IopFinder.BrowserTests.Pages;
using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

/// <summary>Whole self-checks as people take them: by keyboard, without JavaScript, as a worried parent.</summary>
public sealed class SelfCheckJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static Dictionary<string, (string, string)[]> Plan(string who) => new()
    {
        ["who"] = [("who", who)],
        ["safety"] = [("emergency", "no")],
        ["about"] = [("age", "26-64"), ("sex", "f")],
        ["substances"] = [("substances", "opioids")],
        ["frequency"] = [("drugfreq", "4")],
        ["withdrawal"] = [("withdrawalnow", "mild"), ("opioidwithdrawal", "yes")],
        ["health"] = [("onmedication", "no"), ("overdose", "no"), ("pregnant", "no"), ("medical", "none"), ("injection", "no")],
        ["mood"] = [("phq1", "1"), ("phq2", "0"), ("gad1", "0"), ("gad2", "1"), ("severemh", "no"), ("mhcare", "no")],
        ["thoughts"] = [("s1", "no"), ("s2", "no"), ("s6", "no")],
        ["readiness"] = [("readiness", "ready")],
        ["history"] = [("p1", "yes"), ("p2", "yes"), ("p3", "yes"), ("p4", "yes"), ("p5", "no"), ("p6", "no"), ("abstinence", "few_days"), ("priortreatment", "never"), ("recentdischarge", "no")],
        ["home"] = [("living", "stable"), ("support", "yes"), ("attend", "iop")],
        ["preferences"] = [("pay", "medicaid"), ("zip", "22903")],
    };

    [Theory]
    [InlineData("self")]
    [InlineData("other")]
    public async Task The_whole_check_can_be_done_with_the_keyboard_alone(string who)
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync("keyboard-" + who, async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/self-check");

            var sections = await check.AnswerByKeyboardAsync(Plan(who));

            Assert.Equal(13, sections.Count);
            await Expect(check.Result).ToHaveAttributeAsync("data-outcome", "IOP");
            await Expect(check.Result).ToHaveAttributeAsync("data-flags", new System.Text.RegularExpressions.Regex("MAT_OPIOID"));
            if (who == "other")
            {
                await Expect(check.Result).ToHaveAttributeAsync("data-flags", new System.Text.RegularExpressions.Regex("FAMILY_RESOURCES"));
                await Expect(page.Locator("main")).ToContainTextAsync("A program will ask them directly");
            }
        });
    }

    /// <summary>A parent who does not know what their son uses, but knows he overdosed this year.</summary>
    private static Dictionary<string, (string, string)[]> WorriedParent() => new()
    {
        ["who"] = [("who", "other")],
        ["safety"] = [("emergency", "no")],
        ["about"] = [("age", "18-25"), ("sex", "m")],
        ["substances"] = [("substances", "unknown")],
        ["frequency"] = [("drugfreq", "unknown"), ("dailyuse", "unknown")],
        ["withdrawal"] = [("withdrawalnow", "unknown"), ("opioidwithdrawal", "unknown")],
        ["health"] = [("onmedication", "no"), ("overdose", "yes"), ("medical", "none"), ("injection", "unknown")],
        ["mood"] = [("phq1", "1"), ("phq2", "1"), ("gad1", "1"), ("gad2", "1"), ("severemh", "unknown"), ("mhcare", "no")],
        ["thoughts"] = [("s1", "no"), ("s2", "no"), ("s6", "no")],
        ["readiness"] = [("readiness", "no_problem")],
        ["history"] = [("p1", "yes"), ("p2", "unknown"), ("p3", "yes"), ("p4", "yes"), ("p5", "unknown"), ("p6", "unknown"), ("abstinence", "unknown"), ("priortreatment", "never"), ("recentdischarge", "no")],
        ["home"] = [("living", "stable"), ("support", "yes"), ("attend", "iop")],
    };

    [Fact]
    public async Task A_parent_who_does_not_know_what_their_son_uses_is_asked_about_overdose_and_shown_naloxone_and_signs_to_watch()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync("worried-parent", async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/self-check");

            await check.AnswerByClickingAsync(WorriedParent());

            await Expect(check.Result).ToHaveAttributeAsync("data-outcome", "IOP");
            await Expect(check.Result).ToHaveAttributeAsync("data-flags", new System.Text.RegularExpressions.Regex(@"\bUNKNOWN_SUBSTANCES\b"));
            var naloxone = page.Locator("[data-flag=NALOXONE_INFO]");
            await Expect(naloxone).ToBeVisibleAsync();
            await Expect(naloxone).ToContainTextAsync("give naloxone");
            var signs = page.Locator("[data-flag=UNKNOWN_SUBSTANCES]");
            await Expect(signs.GetByRole(AriaRole.Heading, new() { Name = "Signs of an overdose: call 911" })).ToBeVisibleAsync();
            await Expect(signs.GetByRole(AriaRole.Heading, new() { Name = "Signs of withdrawal when they go without" })).ToBeVisibleAsync();
            await Expect(signs).ToContainTextAsync("Slow, shallow or no breathing");
            await Expect(page.Locator("main")).Not.ToContainTextAsync("do not point to a substance use problem");
            await Axe.AssertNoViolationsAsync(page);
        });
    }

    /// <summary>Also where the print button is checked to stay hidden without JavaScript (it needs script to print).</summary>
    [Fact]
    public async Task Without_javascript_the_check_works_and_its_link_opens_the_directory_filtered()
    {
        await using var session = await fixture.NewSessionAsync(javaScript: false);
        await session.RunAsync("no-js-journey", async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/self-check");

            await check.AnswerByClickingAsync(Plan("self"));
            await Expect(check.Result).ToHaveAttributeAsync("data-outcome", "IOP");
            await Expect(page.Locator("#print-result")).ToBeHiddenAsync();
            await check.FindPrograms.ClickAsync();

            await Expect(page).ToHaveURLAsync(fixture.BaseUrl + "/clinics?near=22903&care=iop&service=mat&pay=medicaid");
        });
    }

    [Fact]
    public async Task A_Spanish_speaking_parent_gets_the_same_result_in_Spanish_with_naloxone_and_the_directory_in_Spanish()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync("spanish-parent", async page =>
        {
            var check = new SelfCheckPage(page);
            await page.GotoAsync("/es/self-check");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");

            await check.AnswerByClickingAsync(WorriedParent());

            await Expect(check.Result).ToHaveAttributeAsync("data-outcome", "IOP");
            await Expect(check.Result).ToHaveAttributeAsync("data-flags", new System.Text.RegularExpressions.Regex(@"\bUNKNOWN_SUBSTANCES\b"));
            await Expect(page.Locator("[data-flag=NALOXONE_INFO]")).ToContainTextAsync("dé naloxona");
            await Expect(page.Locator("[data-flag=UNKNOWN_SUBSTANCES]").GetByRole(AriaRole.Heading, new() { Name = "Señales de una sobredosis: llame al 911" })).ToBeVisibleAsync();
            await Expect(page.Locator("main")).Not.ToContainTextAsync("naloxone");
            await Axe.AssertNoViolationsAsync(page);
            await check.FindPrograms.ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(fixture.BaseUrl) + "/es/clinics\\?"));
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        });
    }
}
