using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace IopFinder.BrowserTests.Support;

/// <summary>One accessibility assertion for every page, so each failure names the rule, the page and the elements.</summary>
public static class Axe
{
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, page.Url + "\n" + string.Join("\n", result.Violations.Select(v =>
            $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html + " " + string.Join(";", n.Any.Select(c => c.Message))))})")));
    }
}
