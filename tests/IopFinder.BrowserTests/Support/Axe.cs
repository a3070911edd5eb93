using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace IopFinder.BrowserTests.Support;

/// <summary>One accessibility assertion for every page, so each failure names the rule, the page and the elements.</summary>
public static class Axe
{
    /// <summary>The axe-core script bundled with Deque's package, the same version its own runners use.</summary>
    public static readonly string Source = new BundledAxeScriptProvider().GetScript();

    /// <summary>
    /// Where each test site serves <see cref="Source"/> (see <see cref="BrowserFixture"/>). Loaded as a script file,
    /// the page fetches and compiles it itself; sent through the driver as one 0.5 MB expression, it cost about
    /// 350 ms a page on two cores, more than most scans.
    /// </summary>
    public const string ScriptPath = "/__test/axe.js";

    /// <summary>The rules whose outcome depends on colours, the only thing the dark scheme changes.</summary>
    private static readonly string[] ColourRules = ["color-contrast", "link-in-text-block"];

    /// <summary>
    /// A full scan in the light scheme. In the dark scheme only the colour rules run: every page type
    /// scanned in the dark is scanned in full in the light by the same test, and the markup, names and
    /// structure the other rules check are the same in both.
    /// </summary>
    /// <remarks>
    /// axe runs in the page itself (axe.run), as Deque's runner did before its "legacy" mode was
    /// deprecated. Its current runner finishes every scan in a newly opened page, which costs two to four
    /// seconds per scan on two cores; our pages have no frames, the one thing that design is for.
    /// </remarks>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var dark = await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches");
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = ScriptPath });
        }

        var violations = await page.EvaluateAsync<Violation[]>(
            """
            async (colourRules) => {
              const options = { resultTypes: ['violations'] };
              if (colourRules) options.runOnly = { type: 'rule', values: colourRules };
              const result = await axe.run(document, options);
              return result.violations.map(v => ({
                id: v.id, help: v.help,
                nodes: v.nodes.map(n => ({ html: n.html, messages: n.any.concat(n.all, n.none).map(c => c.message) })),
              }));
            }
            """, dark ? ColourRules : null);
        Assert.True(violations.Length == 0, page.Url + (dark ? " (dark)" : "") + "\n" + string.Join("\n", violations.Select(v =>
            $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html + " " + string.Join(";", n.Messages)))})")));
    }

    /// <summary>
    /// A full scan of the page as loaded in the light scheme, then the colour rules again after switching the
    /// same page to the dark scheme, then back to light for whatever the test does next. The site's dark
    /// scheme is CSS alone (a prefers-color-scheme query; no script reads it), so switching a loaded page
    /// shows exactly the colours a page loaded in the dark would have, without loading it twice.
    /// </summary>
    public static async Task AssertNoViolationsInBothSchemesAsync(IPage page)
    {
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await AssertNoViolationsAsync(page);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        Assert.True(await page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches"), "the page did not switch to the dark scheme");
        await AssertNoViolationsAsync(page);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
    }

    private sealed class Violation
    {
        public string Id { get; set; } = "";
        public string Help { get; set; } = "";
        public ViolationNode[] Nodes { get; set; } = [];
    }

    private sealed class ViolationNode
    {
        public string Html { get; set; } = "";
        public string[] Messages { get; set; } = [];
    }
}
