using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

public sealed class AccessibilityTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, ColorScheme> Pages()
    {
        var data = new TheoryData<string, ColorScheme>();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            foreach (var path in new[] { "/", "/learn", "/learn/levels-of-care-compared", "/learn/how-to-choose-a-program", "/learn/glossary", "/learn/frequently-asked-questions", "/search?q=outpatient", "/search?q=zzzzqqq", "/missing-page" })
            {
                data.Add(path, scheme);
            }
        }

        return data;
    }

    /// <summary>The Spanish pages share the English pages' markup and colours, so one light-scheme scan of each kind is enough.</summary>
    [Theory]
    [InlineData("/es")]
    [InlineData("/es/learn/overdose")]
    [InlineData("/es/learn/glossary")]
    [InlineData("/es/clinics?near=22903")]
    [InlineData("/es/self-check/how-it-works")]
    public async Task Axe_finds_no_violations_on_Spanish_pages(string path)
    {
        await using var session = await fixture.NewSessionAsync();
        await session.RunAsync("axe-es" + path.Replace('/', '_').Replace('?', '_'), async page =>
        {
            await page.GotoAsync(path);

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
            await Axe.AssertNoViolationsAsync(page);
        });
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Axe_finds_no_violations(string path, ColorScheme scheme)
    {
        await using var session = await fixture.NewSessionAsync(colorScheme: scheme);
        await session.RunAsync("axe" + path.Replace('/', '_').Replace('?', '_') + scheme, async page =>
        {
            await page.GotoAsync(path);

            await Axe.AssertNoViolationsAsync(page);
        });
    }

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
}
