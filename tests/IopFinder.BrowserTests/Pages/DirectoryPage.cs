using Microsoft.Playwright;

namespace IopFinder.BrowserTests.Pages;

/// <summary>The directory's hooks: results carry data-clinic-id and data-distance-miles, the count carries data-count.</summary>
public sealed class DirectoryPage(IPage page)
{
    public ILocator HomeNear => page.Locator("#home-near");
    public ILocator Results => page.Locator("li.result");
    public ILocator Count => page.Locator("#result-count");
    public ILocator Update => page.Locator("#update-results");
    public ILocator CompareButton => page.Locator("#compare-button");
    public ILocator CompareColumns => page.Locator("#compare-table thead th");

    public ILocator Filter(string parameter, string value) => page.Locator($"label[for='{parameter}-{value}']");

    public async Task<int> CountAsync() => int.Parse((await Count.GetAttributeAsync("data-count"))!, System.Globalization.CultureInfo.InvariantCulture);
}
