using System.Text.RegularExpressions;
using IopFinder.BrowserTests.Pages;
using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

public sealed class DirectoryTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task From_the_home_zip_box_to_filtered_results_to_a_listing_and_back(bool javaScript)
    {
        await using var session = await fixture.NewSessionAsync(javaScript);
        await session.RunAsync("directory-journey-" + (javaScript ? "js" : "nojs"), async page =>
        {
            var directory = new DirectoryPage(page);
            await page.GotoAsync("/");

            await directory.HomeNear.FillAsync("22903");
            await directory.HomeNear.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex(@"/clinics\?near=22903&care=iop$"));
            var before = await directory.CountAsync();
            Assert.True(before > 0);

            await directory.Filter("pay", "medicaid").ClickAsync();
            await directory.Update.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("pay=medicaid"));
            var after = await directory.CountAsync();
            Assert.InRange(after, 1, before);
            var distances = await directory.Results.EvaluateAllAsync<double[]>("els => els.map(e => parseFloat(e.dataset.distanceMiles))");
            Assert.Equal(distances.Order(), distances);

            var resultsUrl = page.Url;
            await directory.Results.First.Locator("h2 a").ClickAsync();
            await Expect(page.Locator("#listing")).ToBeVisibleAsync();
            await page.GoBackAsync();

            await Expect(page).ToHaveURLAsync(resultsUrl);
            await Expect(directory.Filter("pay", "medicaid").Locator("xpath=../input")).ToBeCheckedAsync();
        });
    }

    [Fact]
    public async Task Three_ticked_results_can_be_compared_side_by_side_without_javascript()
    {
        await using var session = await fixture.NewSessionAsync(javaScript: false);
        await session.RunAsync("compare-three", async page =>
        {
            var directory = new DirectoryPage(page);
            await page.GotoAsync("/clinics?near=60601&radius=50");
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var result = directory.Results.Nth(i);
                ids.Add((await result.GetAttributeAsync("data-clinic-id"))!);
                await result.Locator(".compare-choice label").ClickAsync();
            }

            await directory.CompareButton.ClickAsync();

            await Expect(directory.CompareColumns).ToHaveCountAsync(3);
            Assert.Equal(ids, await directory.CompareColumns.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.clinicId)"));
        });
    }

    [Theory]
    [InlineData("/clinics?near=22903&care=iop")]
    [InlineData("/clinics?near=Charlotesville,+VA")]
    [InlineData("/clinics?near=10001&radius=5&q=zzzqqq")]
    [InlineData("/iop")]
    [InlineData("/iop/va")]
    public Task Axe_finds_no_violations_on_directory_pages_in_either_colour_scheme(string path) =>
        fixture.CheckPageAsync(path, Axe.AssertNoViolationsInBothSchemesAsync);

    [Fact]
    public Task Axe_finds_no_violations_on_a_listing_its_report_form_and_a_comparison_in_either_colour_scheme() =>
        fixture.OnScanPageAsync("axe-listing", async page =>
        {
            var directory = new DirectoryPage(page);
            await page.GotoAsync("/clinics?near=22903&care=iop");
            var ids = await directory.Results.EvaluateAllAsync<string[]>("els => els.slice(0, 3).map(e => e.dataset.clinicId)");
            await directory.Results.First.Locator("h2 a").ClickAsync();
            await Axe.AssertNoViolationsInBothSchemesAsync(page);

            await page.Locator("#report-link").ClickAsync();
            await Axe.AssertNoViolationsInBothSchemesAsync(page);
            await page.Locator("button[type=submit]").Last.ClickAsync();
            await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
            await Axe.AssertNoViolationsInBothSchemesAsync(page);

            await page.GotoAsync("/clinics/compare?" + string.Join("&", ids.Select(id => "id=" + id)));
            await Axe.AssertNoViolationsInBothSchemesAsync(page);
        });
}
