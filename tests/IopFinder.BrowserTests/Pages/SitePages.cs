using Microsoft.Playwright;

namespace IopFinder.BrowserTests.Pages;

/// <summary>Selectors the site exposes on purpose for tests, kept in one place.</summary>
public sealed class Layout(IPage page)
{
    public ILocator QuickExit => page.Locator("#quick-exit");
    public ILocator HeaderSearch => page.Locator("#header-q");
    public ILocator LearnDoorLinks => page.Locator(".door-links a");
    public ILocator TocLinks => page.Locator("#toc a");
    public ILocator SearchResults => page.Locator("#search-results a");
    public ILocator Heading => page.Locator("h1");
}
