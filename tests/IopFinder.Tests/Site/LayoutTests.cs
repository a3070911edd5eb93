using AngleSharp.Dom;

namespace IopFinder.Tests.Site;

[Collection(SiteCollection.Name)]
public sealed class LayoutTests(SiteFactory factory)
{
    public static TheoryData<string> Pages() => new()
    {
        "/", "/learn", "/learn/what-is-an-intensive-outpatient-program", "/search?q=iop", "/self-check", "/no-such-page",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_shows_the_crisis_lines_as_phone_links(string route)
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync(route);

        var strip = document.GetElementById("crisis-strip");
        Assert.NotNull(strip);
        var hrefs = strip.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("tel:988", hrefs);
        Assert.Contains("sms:988", hrefs);
        Assert.Contains("tel:911", hrefs);
        Assert.Contains("tel:+18006624357", hrefs);
        Assert.Contains("1-800-662-4357", strip.TextContent);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_has_a_quick_exit_link_that_works_without_javascript(string route)
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync(route);

        var exit = document.GetElementById("quick-exit");
        Assert.NotNull(exit);
        Assert.Equal("a", exit.LocalName);
        Assert.StartsWith("https://", exit.GetAttribute("href"));
        Assert.Equal("noreferrer", exit.GetAttribute("rel"));
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_has_landmarks_a_skip_link_and_the_main_navigation(string route)
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync(route);

        Assert.Equal("#main", document.QuerySelector("a.skip-link")?.GetAttribute("href"));
        Assert.NotNull(document.QuerySelector("header"));
        Assert.NotNull(document.QuerySelector("main#main"));
        Assert.NotNull(document.QuerySelector("footer"));
        var nav = document.QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/learn", "/clinics", "/self-check", "/portal"], nav);
        Assert.Single(document.QuerySelectorAll("h1"));
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task The_footer_states_the_privacy_promise_and_that_this_is_not_medical_advice()
    {
        using var client = factory.Client();
        var footer = (await client.GetDocumentAsync("/")).QuerySelector("footer")!.TextContent;

        Assert.Contains("No trackers, no analytics", footer);
        Assert.Contains("self-check saves nothing", footer);
        Assert.Contains("Not medical advice", footer);
        Assert.Contains("mailto:", (await client.GetDocumentAsync("/")).QuerySelector("footer")!.InnerHtml);
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Pages_load_no_third_party_assets_and_stay_under_30_kilobytes_of_css_and_js(string route)
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync(route);

        var assets = document.QuerySelectorAll("script[src], link[rel=stylesheet], img[src], iframe, link[rel=preload], link[rel=preconnect]")
            .Select(e => e.GetAttribute("src") ?? e.GetAttribute("href") ?? "")
            .ToList();
        Assert.All(assets, url => Assert.StartsWith("/", url));
        Assert.All(assets, url => Assert.False(url.StartsWith("//", StringComparison.Ordinal), url));
        Assert.Empty(document.QuerySelectorAll("script:not([src]):not([type='application/ld+json'])"));
        Assert.Empty(document.QuerySelectorAll("[style]"));
        Assert.Empty(document.QuerySelectorAll("style"));

        long total = 0;
        foreach (var url in assets.Where(u => u.EndsWith(".css", StringComparison.Ordinal) || u.EndsWith(".js", StringComparison.Ordinal)))
        {
            total += (await client.GetByteArrayAsync(url)).Length;
        }

        Assert.True(total > 0);
        Assert.True(total < 30 * 1024, $"CSS + JS is {total} bytes");
    }

    [Fact]
    public async Task The_home_page_has_three_doors_and_a_zip_box_that_searches_the_directory()
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync("/");

        var doors = document.QuerySelectorAll(".door h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(["Learn about IOP", "Take the self-check", "Find a program near you"], doors);
        var form = document.QuerySelector("form.find-form")!;
        Assert.Equal("/clinics", form.GetAttribute("action"));
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.NotNull(form.QuerySelector("input[name=near]"));
        Assert.NotNull(document.QuerySelector("label[for=home-near]"));
    }

    [Fact]
    public async Task Static_assets_are_served_under_fingerprinted_names()
    {
        using var client = factory.Client();
        var document = await client.GetDocumentAsync("/");
        var css = document.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;

        using var request = new HttpRequestMessage(HttpMethod.Get, css);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);

        // A changed file gets a new name, so browsers never run stale CSS against new markup.
        Assert.Matches(@"^/css/site\.[a-z0-9]{6,}\.css$", css);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }
}
