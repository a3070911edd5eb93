using System.Net;

namespace IopFinder.Tests.Content;

public sealed class BrokenContentAtRuntimeTests : IDisposable
{
    private readonly TempFolder _content = new();

    [Fact]
    public async Task A_broken_article_is_logged_and_skipped_while_the_rest_of_the_site_works()
    {
        _content.File("categories.yml", "- slug: basics\n  title: Basics\n");
        _content.File("articles/good.md", ContentValidationTests.Article("Good article"));
        _content.File("articles/broken.md", "---\ntitle: Broken\n---\nNo other fields.");
        using var factory = new SiteFactory { ContentPath = _content.Path };
        using var client = factory.Client();

        var good = await client.GetAsync("/learn/good");
        var broken = await client.GetAsync("/learn/broken");
        var learn = await client.GetStringAsync("/learn");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, broken.StatusCode);
        Assert.Contains("Good article", learn);
        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("articles/broken.md:1"));
    }

    public void Dispose() => _content.Dispose();
}
