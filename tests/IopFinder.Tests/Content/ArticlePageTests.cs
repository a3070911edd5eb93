using IopFinder.Web.Content;

namespace IopFinder.Tests.Content;

[Collection(SiteCollection.Name)]
public sealed class ArticlePageTests(SiteFactory factory)
{
    private static readonly ContentLoadResult Content = ContentLoader.Load(RepoPaths.Content);

    [Fact]
    public async Task An_article_shows_its_title_summary_contents_reading_time_review_date_sources_and_neighbours()
    {
        using var client = factory.Client();
        var article = Content.Articles[1];

        var document = await client.GetDocumentAsync(article.Url);

        Assert.Equal(article.Title, document.QuerySelector("h1")?.TextContent);
        Assert.Equal(article.Description, document.QuerySelector("article .lede")?.TextContent);
        var toc = document.QuerySelectorAll("#toc a").Select(a => a.GetAttribute("href")![1..]).ToList();
        Assert.Equal(article.Toc.Select(t => t.Id), toc);
        Assert.All(toc, id => Assert.NotNull(document.GetElementById(id)));
        Assert.Contains($"{article.ReadingMinutes} min read", document.GetElementById("reading-time")?.TextContent);
        Assert.Equal(article.Reviewed.ToString("yyyy-MM-dd"), document.QuerySelector("#last-reviewed time")?.GetAttribute("datetime"));
        Assert.Equal(article.Sources.Select(s => s.Title), document.QuerySelectorAll(".sources li").Select(li => (li.QuerySelector("a, cite")?.TextContent ?? "").Trim()));
        Assert.Equal(article.Sources.Where(s => s.Url is not null).Select(s => s.Url), document.QuerySelectorAll(".sources a").Select(a => a.GetAttribute("href")));
        Assert.Equal(Content.Articles[0].Url, document.QuerySelector("a[rel=prev]")?.GetAttribute("href"));
        Assert.NotNull(document.QuerySelector(".help-now a[href='tel:988']"));
    }

    [Fact]
    public async Task The_library_lists_every_article_under_its_category()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/learn");

        foreach (var article in Content.Articles)
        {
            var card = document.QuerySelector($"[data-article='{article.Slug}']");
            Assert.NotNull(card);
            Assert.Equal(article.Category, card.Closest("section")?.Id);
        }
    }
}
