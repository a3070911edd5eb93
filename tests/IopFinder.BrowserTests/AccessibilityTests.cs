using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Each page is scanned in full in the light scheme and for colours in the dark (see <see cref="Axe"/>).</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/learn")]
    [InlineData("/learn/levels-of-care-compared")]
    [InlineData("/learn/how-to-choose-a-program")]
    [InlineData("/learn/glossary")]
    [InlineData("/learn/frequently-asked-questions")]
    [InlineData("/search?q=outpatient")]
    [InlineData("/search?q=zzzzqqq")]
    [InlineData("/missing-page")]
    [InlineData("/clinics/call-sheet?near=22903&care=iop")]
    public Task Axe_finds_no_violations_in_either_colour_scheme(string path) =>
        fixture.CheckPageAsync(path, Axe.AssertNoViolationsInBothSchemesAsync);

    /// <summary>The Spanish pages share the English pages' markup and colours, so one light-scheme scan of each kind is enough.</summary>
    [Theory]
    [InlineData("/es")]
    [InlineData("/es/learn/overdose")]
    [InlineData("/es/learn/glossary")]
    [InlineData("/es/clinics?near=22903")]
    [InlineData("/es/self-check/how-it-works")]
    [InlineData("/es/self-check")]
    [InlineData("/es/learn/suicide-and-crisis")]
    [InlineData("/es/portal/login")]
    [InlineData("/es/clinics/call-sheet?near=22903")]
    public Task Axe_finds_no_violations_on_Spanish_pages(string path) => fixture.CheckPageAsync(path, async page =>
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Axe.AssertNoViolationsAsync(page);
    });

    [Theory]
    [InlineData(ColorScheme.Light, "img", "", "image-alt")]
    [InlineData(ColorScheme.Dark, "p", "Hard to read", "color-contrast")]
    public async Task The_scan_itself_reports_a_real_violation(ColorScheme scheme, string tag, string text, string rule)
    {
        await using var session = await fixture.NewSessionAsync(colorScheme: scheme);
        await session.Page.GotoAsync("/learn");
        // Built through the DOM: the site's content security policy ignores inline style attributes.
        await session.Page.EvaluateAsync(
            """
            ([tag, text]) => {
              const element = document.createElement(tag);
              element.textContent = text;
              if (tag === 'img') element.src = '/favicon.ico';
              element.style.color = '#777777';
              element.style.background = '#888888';
              document.querySelector('main').prepend(element);
            }
            """, new[] { tag, text });

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => Axe.AssertNoViolationsAsync(session.Page));

        Assert.Contains(rule + ":", failure.Message);
    }

    /// <summary>The switch to the dark scheme on a loaded page really applies the dark colours before the scan.</summary>
    [Fact]
    public async Task The_scan_in_both_schemes_reports_colours_that_fail_only_in_the_dark()
    {
        await using var session = await fixture.NewSessionAsync();
        await session.Page.GotoAsync("/learn");
        // A constructed style sheet: the site's content security policy refuses inline styles, not the CSS object model.
        await session.Page.EvaluateAsync(
            """
            () => {
              const sheet = new CSSStyleSheet();
              sheet.replaceSync('@media (prefers-color-scheme: dark) { #dark-only { color: #777777; background: #888888; } }');
              document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
              const element = document.createElement('p');
              element.id = 'dark-only';
              element.textContent = 'Readable only in the light';
              document.querySelector('main').prepend(element);
            }
            """);

        var failure = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => Axe.AssertNoViolationsInBothSchemesAsync(session.Page));

        Assert.Contains("(dark)", failure.Message);
        Assert.Contains("color-contrast:", failure.Message);
        Assert.Contains("dark-only", failure.Message);
    }
}
