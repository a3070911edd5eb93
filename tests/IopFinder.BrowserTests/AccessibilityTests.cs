using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;

namespace IopFinder.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
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
}
