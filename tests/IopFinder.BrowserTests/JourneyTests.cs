using System.Text.RegularExpressions;
using IopFinder.BrowserTests.Pages;
using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

public sealed class JourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string ExitUrl = "https://www.google.com/";

    [Fact]
    public async Task Home_to_an_article_to_a_section_through_the_table_of_contents()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync(nameof(Home_to_an_article_to_a_section_through_the_table_of_contents), async page =>
        {
            var layout = new Layout(page);
            await page.GotoAsync("/");

            await layout.LearnDoorLinks.First.ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/learn/[a-z0-9-]+$"));
            var first = layout.TocLinks.First;
            var target = (await first.GetAttributeAsync("href"))!;
            await first.ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(target) + "$"));
            await Expect(page.Locator(target)).ToBeInViewportAsync();
        });
    }

    [Fact]
    public async Task Search_from_the_header_finds_an_article()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync(nameof(Search_from_the_header_finds_an_article), async page =>
        {
            var layout = new Layout(page);
            await page.GotoAsync("/");

            await layout.HeaderSearch.FillAsync("naloxone");
            await layout.HeaderSearch.PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Regex("/search\\?q=naloxone$"));
            await Expect(layout.SearchResults.Filter(new() { HasText = "Helping a loved one" })).ToHaveCountAsync(1);
            await layout.SearchResults.Filter(new() { HasText = "Helping a loved one" }).ClickAsync();
            await Expect(layout.Heading).ToHaveTextAsync("Helping a loved one");
        });
    }

    [Fact]
    public async Task Quick_exit_leaves_the_site_and_back_does_not_return_to_the_page()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.Context.RouteAsync(ExitUrl + "**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<title>Elsewhere</title><p>Elsewhere</p>" }));
        await session.RunAsync(nameof(Quick_exit_leaves_the_site_and_back_does_not_return_to_the_page), async page =>
        {
            await page.GotoAsync("/");
            await page.GotoAsync("/learn/helping-a-loved-one");

            await new Layout(page).QuickExit.ClickAsync();
            await Expect(page).ToHaveURLAsync(ExitUrl);
            await page.GoBackAsync();

            // The article's history entry was replaced, so Back lands on the page before it.
            await Expect(page).ToHaveURLAsync(fixture.BaseUrl + "/");
        });
    }

    [Fact]
    public async Task Pressing_shift_three_times_leaves_the_site()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.Context.RouteAsync(ExitUrl + "**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<title>Elsewhere</title>" }));
        await session.RunAsync(nameof(Pressing_shift_three_times_leaves_the_site), async page =>
        {
            await page.GotoAsync("/learn");

            for (var i = 0; i < 3; i++)
            {
                await page.Keyboard.PressAsync("Shift");
            }

            await Expect(page).ToHaveURLAsync(ExitUrl);
        });
    }

    [Fact]
    public async Task Quick_exit_works_as_a_plain_link_without_javascript()
    {
        await using var session = await fixture.NewSessionAsync(javaScript: false);
        await session.Context.RouteAsync(ExitUrl + "**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<title>Elsewhere</title>" }));
        await session.RunAsync(nameof(Quick_exit_works_as_a_plain_link_without_javascript), async page =>
        {
            await page.GotoAsync("/learn");

            await new Layout(page).QuickExit.ClickAsync();

            await Expect(page).ToHaveURLAsync(ExitUrl);
        });
    }

    [Fact]
    public async Task Browsing_the_site_sends_no_request_beyond_this_machine()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync(nameof(Browsing_the_site_sends_no_request_beyond_this_machine), async page =>
        {
            var loading = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, string>();
            page.Request += (_, request) => loading[request] = request.Url;
            page.RequestFinished += (_, request) => loading.TryRemove(request, out string? _);
            page.RequestFailed += (_, request) => loading.TryRemove(request, out string? _);
            foreach (var path in new[] { "/", "/learn", "/learn/levels-of-care-compared", "/search?q=iop", "/self-check", "/clinics?near=22903&care=iop", "/iop/va", "/privacy", "/missing" })
            {
                // The load event covers everything the page names; waiting until no request is left unfinished
                // also covers any a script starts by then. Playwright's own network-idle wait, used before, once
                // waited out its 30 seconds on a page whose every request had finished.
                await page.GotoAsync(path);
                var settled = await Poll.UntilAsync(() => Task.FromResult(loading.IsEmpty), TimeSpan.FromSeconds(10));
                Assert.True(settled, path + ": still loading after 10 s: " + string.Join(", ", loading.Values));
            }

            Assert.NotEmpty(session.Requests);
            var failed = session.Responses.Where(r => r.Status >= 400 && !r.Url.EndsWith("/missing", StringComparison.Ordinal)).ToList();
            Assert.True(failed.Count == 0, "Failed requests: " + string.Join(", ", failed));
            Assert.All(session.Requests, url => Assert.True(new Uri(url).IsLoopback, url + " left this machine"));
        });
    }
}
