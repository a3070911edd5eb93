using System.Net;
using System.Text.Json;
using IopFinder.Web.Imports;

namespace IopFinder.Tests.Imports;

[Collection(SiteCollection.Name)]
public sealed class DataOutTests(SiteFactory factory)
{
    private const string Query = "near=Richmond,+VA&radius=50&care=iop&pay=medicaid&pay=private&sort=distance";

    private static List<string> HtmlSlugs(AngleSharp.Html.Dom.IHtmlDocument document) =>
        document.QuerySelectorAll("li.result h2 a").Select(a => a.GetAttribute("href")!["/clinics/".Length..]).ToList();

    [Fact]
    public async Task The_api_returns_the_same_listings_in_the_same_order_as_the_results_page()
    {
        using var client = factory.Client();

        var html = HtmlSlugs(await client.GetDocumentAsync("/clinics?" + Query));
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/v1/clinics?" + Query));

        var api = json.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("slug").GetString()!).ToList();
        Assert.NotEmpty(html);
        Assert.Equal(html, api);
        Assert.Equal(1, json.RootElement.GetProperty("page").GetInt32());
        Assert.True(json.RootElement.GetProperty("total").GetInt32() >= api.Count);
        Assert.All(json.RootElement.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("distanceMiles").GetDouble() <= 50));
    }

    [Fact]
    public async Task The_csv_download_holds_the_same_listings_in_the_same_order()
    {
        using var client = factory.Client();

        var html = HtmlSlugs(await client.GetDocumentAsync("/clinics?" + Query));
        using var response = await client.GetAsync("/clinics.csv?" + Query);
        var rows = ClinicCsv.Read(new StringReader(await response.Content.ReadAsStringAsync())).Select(r => r.Clinic!.Slug).ToList();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("iopfinder-programs.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(html, rows.Take(html.Count));
    }

    [Fact]
    public async Task The_results_page_links_to_the_download_with_the_same_search()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/clinics?" + Query);

        Assert.StartsWith("/clinics.csv?near=Richmond", document.GetElementById("download-csv")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("care=spaceship")]
    [InlineData("near=Atlantis,+ZZ")]
    [InlineData("radius=7&near=22903")]
    [InlineData("pageSize=1000&near=22903")]
    public async Task Bad_api_parameters_get_400_problem_details(string query)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/api/v1/clinics?" + query);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(json.RootElement.GetProperty("problems").EnumerateArray());
    }

    [Fact]
    public async Task One_listing_by_slug_or_a_404_problem()
    {
        using var client = factory.Client();
        using var search = JsonDocument.Parse(await client.GetStringAsync("/api/v1/clinics?near=22903"));
        var slug = search.RootElement.GetProperty("results")[0].GetProperty("slug").GetString();

        using var found = await client.GetAsync("/api/v1/clinics/" + slug);
        using var missing = await client.GetAsync("/api/v1/clinics/no-such-listing");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Any_website_may_read_the_api()
    {
        using var client = factory.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/clinics?near=22903");
        request.Headers.Add("Origin", "https://partner.example.org");

        using var response = await client.SendAsync(request);

        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}

public sealed class ApiRateLimitTests
{
    [Fact]
    public async Task Past_the_limit_the_api_answers_429_with_retry_after()
    {
        using var factory = new SiteFactory { DemoClinics = 50 };
        using var client = factory.Client();

        HttpResponseMessage? last = null;
        for (var i = 0; i <= new IopFinder.Web.Options.DirectoryOptions().ApiRequestsPerMinute; i++)
        {
            last?.Dispose();
            last = await client.GetAsync($"/api/v1/clinics?page={i + 1}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", last.Content.Headers.ContentType?.MediaType);
        last.Dispose();
    }
}
