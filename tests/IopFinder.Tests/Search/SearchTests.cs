using System.Net;
using IopFinder.Web.Search;

namespace IopFinder.Tests.Search;

[Collection(SiteCollection.Name)]
public sealed class SearchTests(SiteFactory factory)
{
    [Fact]
    public async Task Search_finds_an_article_by_its_words_and_highlights_them()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/search?q=partial+hospitalization");

        var links = document.QuerySelectorAll("#search-results a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/learn/levels-of-care-compared", links);
        Assert.NotEmpty(document.QuerySelectorAll("#search-results mark"));
        Assert.All(document.QuerySelectorAll("#search-results mark"), m => Assert.Contains("partial", m.TextContent + " partial hospitalization", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Results_are_ranked_with_title_matches_first()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/search?q=helping+loved+one");

        Assert.Equal("/learn/helping-a-loved-one", document.QuerySelector("#search-results a")?.GetAttribute("href"));
    }

    [Fact]
    public async Task A_question_with_words_no_article_has_still_finds_articles_that_share_some()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/search?q=how+much+does+naloxone+zzzqqq+cost");

        Assert.NotEmpty(document.QuerySelectorAll("#search-results li"));
        Assert.Contains("some of them", document.GetElementById("search-count")?.TextContent);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"\"")]
    [InlineData("*")]
    public async Task An_empty_search_points_to_the_self_check_the_directory_and_the_helpline(string query)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var empty = document.GetElementById("search-empty")!;
        var hrefs = empty.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/self-check", hrefs);
        Assert.Contains("/clinics", hrefs);
        Assert.Contains("tel:+18006624357", hrefs);
    }

    [Fact]
    public async Task A_search_with_no_results_shows_the_same_help()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/search?q=xylophonequartz");

        Assert.Contains("Nothing matched", document.GetElementById("search-empty")?.TextContent);
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("iop AND OR NOT")]
    [InlineData("NEAR(iop cost, 2)")]
    [InlineData("title:iop")]
    [InlineData("^iop")]
    [InlineData("iop* -cost +\"care\"")]
    [InlineData("'); DROP TABLE search_index; --")]
    [InlineData("<script>alert(1)</script>")]
    public async Task Search_operators_and_quotes_are_treated_as_plain_words(string query)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/search?q=" + Uri.EscapeDataString(query));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert(1)</script>", body);
    }

    [Fact]
    public async Task A_search_over_200_characters_gets_a_clear_message_and_a_400()
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/search?q=" + new string('a', 201));
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("200 characters or fewer", document.GetElementById("search-message")?.TextContent);
    }

    [Fact]
    public void Terms_keep_only_words_and_cap_their_number()
    {
        Assert.Equal(["iop", "and", "cost"], SearchIndex.Terms("\"IOP\" AND cost*"));
        Assert.Equal(12, SearchIndex.Terms(string.Join(" ", Enumerable.Range(0, 40).Select(i => "w" + i))).Count);
        Assert.Empty(SearchIndex.Terms("\"*^:()"));
    }
}
