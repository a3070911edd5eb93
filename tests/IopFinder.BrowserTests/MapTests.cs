using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

/// <summary>
/// The site's own maps in a real browser, with and without JavaScript: pins numbered as the results, a text
/// alternative the map points to, and not one request to anyone but the site while searching, reading a listing
/// or opening a call sheet.
/// </summary>
public sealed class MapTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pins_are_numbered_as_the_results_and_no_page_asks_anything_of_another_site(bool javaScript)
    {
        await using var session = await fixture.NewSessionAsync(javaScript);
        await session.RunAsync("results-map-" + (javaScript ? "js" : "nojs"), async page =>
        {
            await page.GotoAsync("/clinics?near=60601&radius=100&page=2");

            var map = page.Locator("#results-map svg");
            await Expect(map).ToBeVisibleAsync();
            var results = page.Locator("#results > li");
            var count = await results.CountAsync();
            var start = int.Parse((await page.Locator("#results").GetAttributeAsync("start"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(21, start);
            Assert.Equal("decimal", await results.First.EvaluateAsync<string>("li => getComputedStyle(li).listStyleType"));
            var pins = await page.Locator("#results-map .map-pin text").AllTextContentsAsync();
            Assert.Equal(Enumerable.Range(start, count).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(), pins.Order());
            Assert.Equal("img", await map.GetAttributeAsync("role"));
            var caption = await page.Locator("#" + await map.GetAttributeAsync("aria-labelledby")).TextContentAsync();
            Assert.Contains($"numbered {start} to {start + count - 1} in the list, within 100 miles of", caption, StringComparison.Ordinal);

            await results.First.Locator("h2 a").ClickAsync();
            await Expect(page.Locator("#listing-map svg .map-pin")).ToHaveCountAsync(1);
            var directions = page.Locator("#directions");
            Assert.Equal("_blank", await directions.GetAttributeAsync("target"));
            Assert.StartsWith("https://www.openstreetmap.org/directions?", await directions.GetAttributeAsync("href"), StringComparison.Ordinal);

            await page.GotoAsync("/clinics/call-sheet?near=60601&radius=100");
            await Expect(page.Locator("#call-qr svg")).ToBeVisibleAsync();

            Assert.NotEmpty(session.Requests);
            Assert.All(session.Requests, url => Assert.StartsWith(fixture.BaseUrl, url, StringComparison.Ordinal));
        });
    }
}
