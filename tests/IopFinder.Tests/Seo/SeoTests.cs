using System.Text.Json;
using System.Xml.Linq;
using IopFinder.Web.Content;
using IopFinder.Web.Options;
using IopFinder.Web.Seo;

namespace IopFinder.Tests.Seo;

[Collection(SiteCollection.Name)]
public sealed class SeoTests(SiteFactory factory)
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task The_sitemap_parses_and_lists_every_article_with_its_last_modified_date()
    {
        using var client = factory.Client();

        var xml = XDocument.Parse(await client.GetStringAsync("/sitemap.xml"));

        var urls = xml.Root!.Elements(Ns + "url").ToDictionary(u => u.Element(Ns + "loc")!.Value, u => u.Element(Ns + "lastmod")?.Value);
        foreach (var article in ContentLoader.Load(RepoPaths.Content).Articles)
        {
            var loc = SiteFactory.BaseUrl + article.Url;
            Assert.True(urls.ContainsKey(loc), loc + " missing from sitemap");
            Assert.Equal(article.Updated.ToString("yyyy-MM-dd"), urls[loc]);
        }

        Assert.Contains(SiteFactory.BaseUrl + "/", urls.Keys);
    }

    [Fact]
    public async Task Robots_txt_names_the_sitemap()
    {
        using var client = factory.Client();

        var robots = await client.GetStringAsync("/robots.txt");

        Assert.Contains($"Sitemap: {SiteFactory.BaseUrl}/sitemap.xml", robots);
    }

    [Fact]
    public async Task Past_50000_urls_the_sitemap_becomes_an_index_of_numbered_files()
    {
        var writer = new SitemapWriter([new ManyPages(50_001)], Microsoft.Extensions.Options.Options.Create(new SiteOptions { BaseUrl = "https://x.test" }));

        var root = new MemoryStream();
        await writer.WriteRootAsync(root);
        var index = XDocument.Parse(System.Text.Encoding.UTF8.GetString(root.ToArray()));
        var second = new MemoryStream();
        var wroteSecond = await writer.WritePageAsync(second, 2);
        var third = await writer.WritePageAsync(new MemoryStream(), 3);

        Assert.Equal("sitemapindex", index.Root!.Name.LocalName);
        Assert.Equal(["https://x.test/sitemap-1.xml", "https://x.test/sitemap-2.xml"], index.Root.Elements(Ns + "sitemap").Select(s => s.Element(Ns + "loc")!.Value));
        Assert.True(wroteSecond);
        Assert.Single(XDocument.Parse(System.Text.Encoding.UTF8.GetString(second.ToArray())).Root!.Elements(Ns + "url"));
        Assert.False(third);
    }

    [Fact]
    public async Task Articles_carry_canonical_description_open_graph_and_medical_web_page_json_ld()
    {
        using var client = factory.Client();
        var article = ContentLoader.Load(RepoPaths.Content).Articles.First();

        var document = await client.GetDocumentAsync(article.Url);

        Assert.Equal(SiteFactory.BaseUrl + article.Url, document.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.Equal(article.Description, document.QuerySelector("meta[name=description]")?.GetAttribute("content"));
        Assert.Equal(article.Title, document.QuerySelector("meta[property='og:title']")?.GetAttribute("content"));
        using var json = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("MedicalWebPage", json.RootElement.GetProperty("@type").GetString());
        Assert.Equal(article.Reviewed.ToString("yyyy-MM-dd"), json.RootElement.GetProperty("lastReviewed").GetString());
        Assert.Equal(article.Sources.Count, json.RootElement.GetProperty("citation").GetArrayLength());
    }

    [Fact]
    public async Task The_faq_page_carries_faq_page_json_ld_with_every_question()
    {
        using var client = factory.Client();
        var faq = ContentLoader.Load(RepoPaths.Content).Articles.Single(a => a.Slug == "frequently-asked-questions");

        var document = await client.GetDocumentAsync(faq.Url);

        var blocks = document.QuerySelectorAll("script[type='application/ld+json']").Select(s => JsonDocument.Parse(s.TextContent)).ToList();
        var page = blocks.Single(b => b.RootElement.GetProperty("@type").GetString() == "FAQPage");
        var questions = page.RootElement.GetProperty("mainEntity").EnumerateArray().Select(q => q.GetProperty("name").GetString()).ToList();
        Assert.Equal(faq.Faq.Select(f => f.Question), questions);
        Assert.All(page.RootElement.GetProperty("mainEntity").EnumerateArray(), q => Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("acceptedAnswer").GetProperty("text").GetString())));
        blocks.ForEach(b => b.Dispose());
    }

    [Fact]
    public async Task The_home_page_describes_the_site_search_in_json_ld()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/");

        using var json = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("WebSite", json.RootElement.GetProperty("@type").GetString());
        Assert.Equal(SiteFactory.BaseUrl + "/search?q={search_term_string}",
            json.RootElement.GetProperty("potentialAction").GetProperty("target").GetProperty("urlTemplate").GetString());
    }

    private sealed class ManyPages(int count) : ISitemapSource
    {
        public IEnumerable<SitemapEntry> Entries() => Enumerable.Range(0, count).Select(i => new SitemapEntry("/p/" + i, InSpanish: false));
    }
}
