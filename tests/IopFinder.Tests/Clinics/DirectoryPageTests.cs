using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

[Collection(SiteCollection.Name)]
public sealed class DirectoryPageTests(SiteFactory factory)
{
    private static IReadOnlyList<IopFinder.Tests.Clinics.Result> Results(IHtmlDocument document) =>
        document.QuerySelectorAll("li.result").Select(li => new Result(
            long.Parse(li.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture),
            li.GetAttribute("data-distance-miles") is { Length: > 0 } d ? double.Parse(d, System.Globalization.CultureInfo.InvariantCulture) : null)).ToList();

    [Fact]
    public async Task A_zip_search_lists_nearby_programs_by_distance_with_a_count()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/clinics?near=10001&radius=50");

        var results = Results(document);
        Assert.NotEmpty(results);
        Assert.True(results.Count <= 20);
        Assert.Equal(results.Select(r => r.Miles), results.Select(r => r.Miles).Order());
        Assert.All(results, r => Assert.True(r.Miles <= 50));
        var count = int.Parse(document.GetElementById("result-count")!.GetAttribute("data-count")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count >= results.Count);
    }

    [Fact]
    public async Task Filters_in_the_url_narrow_the_results_and_show_as_ticked()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/clinics?near=Chicago,+IL&radius=any&care=iop&pay=medicaid&pay=sliding&lang=spanish");

        var queries = factory.Services.GetRequiredService<ClinicQueries>();
        var clinics = queries.ByIds(Results(document).Select(r => r.Id).ToList());
        Assert.NotEmpty(clinics);
        Assert.All(clinics, c =>
        {
            Assert.True(c.Offers(ClinicCodes.Care, "iop"));
            Assert.True(c.Offers(ClinicCodes.Pay, "medicaid") || c.Offers(ClinicCodes.Pay, "sliding"));
            Assert.True(c.Offers(ClinicCodes.Language, "spanish"));
        });
        Assert.NotNull(document.QuerySelector("#pay-medicaid[checked]"));
        Assert.NotNull(document.QuerySelector("#care-iop[checked]"));
        Assert.Null(document.QuerySelector("#pay-medicare[checked]"));
    }

    [Fact]
    public async Task An_unknown_place_gets_a_clear_message_with_suggestions()
    {
        using var client = factory.Client();

        using var response = await client.GetAsync("/clinics?near=Charlotesville,+VA");
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not find", document.GetElementById("location-not-found")!.TextContent);
        Assert.Contains(document.QuerySelectorAll("#location-suggestions a"), a => a.TextContent == "Charlottesville, VA");
    }

    [Fact]
    public async Task No_results_suggests_a_wider_radius_fewer_filters_telehealth_and_the_helpline()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/clinics?near=10001&radius=5&care=inpatient&q=zzzqqqxx");

        Assert.Equal("0", document.GetElementById("result-count")?.GetAttribute("data-count"));
        var links = document.QuerySelectorAll("#no-results a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Contains(links, l => l.Contains("radius=100"));
        Assert.Contains(links, l => !l.Contains("care=") && !l.Contains("pop="));
        Assert.Contains(links, l => l.Contains("service=telehealth"));
        Assert.Contains("tel:+18006624357", links);
    }

    [Theory]
    [InlineData("/clinics?near=10001&care=spaceship&pay=medicaid", "“spaceship” is not one of the choices under “Level of care”")]
    [InlineData("/es/clinics?near=10001&care=spaceship", "“spaceship” no es una de las opciones de “Nivel de atención”")]
    [InlineData("/es/clinics?near=10001&time=midnight", "“midnight” no es un horario que conozcamos")]
    [InlineData("/es/clinics?near=10001&start=3", "debe ser 7, 14 o 30 días")]
    [InlineData("/clinics?near=10001&radius=7", "Distance must be one of")]
    [InlineData("/clinics?near=10001&page=-4", "page number was not valid")]
    [InlineData("/clinics?lat=91&lon=0", "map position was not valid")]
    [InlineData("/clinics?near=10001&sort=price", "not possible")]
    public async Task Bad_parameters_are_ignored_with_a_notice(string url, string notice)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(url);
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(notice, document.GetElementById("search-notices")!.TextContent);
    }

    [Theory]
    [InlineData("/clinics?radius=99999999999999999999999&page=99999999999999999999")]
    [InlineData("/clinics?lat=abc&lon=1e999")]
    [InlineData("/clinics?near=10001&near=60601&care=iop&care=iop")]
    [InlineData("/clinics?q=%22%27%3B+DROP+TABLE+clinics%3B--")]
    [InlineData("/clinics?q=NEAR(a+b)+OR+*")]
    [InlineData("/clinics?near=%00%01%02")]
    [InlineData("/clinics/compare?id=abc&id=-1&id=99999999999999999999")]
    [InlineData("/iop/zz")]
    [InlineData("/iop/va/no-such-city")]
    public async Task Malformed_input_never_causes_a_server_error(string url)
    {
        using var client = factory.Client();

        using var response = await client.GetAsync(url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "q=" + new string('x', 300));
        using var plain = await client.GetAsync(url);

        Assert.True((int)response.StatusCode < 500);
        Assert.True((int)plain.StatusCode < 500);
    }

    [Fact]
    public async Task A_page_beyond_the_end_shows_the_last_page()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/clinics?near=22903&radius=50&page=999");

        Assert.Matches(@"Page (\d+) of \1", document.GetElementById("page-status")?.TextContent ?? "Page 1 of 1");
        Assert.NotEmpty(Results(document));
    }

    [Fact]
    public async Task A_listing_page_groups_the_facts_and_describes_itself_as_a_medical_clinic()
    {
        using var client = factory.Client();
        var first = Results(await client.GetDocumentAsync("/clinics?near=22903&care=iop&radius=any"))[0];
        var clinic = factory.Services.GetRequiredService<ClinicQueries>().ById(first.Id)!;

        var document = await client.GetDocumentAsync(clinic.Url);

        Assert.Equal(clinic.Name, document.QuerySelector("h1")?.TextContent);
        Assert.NotNull(document.GetElementById("iop-details"));
        Assert.Contains("Demo listing", document.QuerySelector(".badges")!.TextContent);
        Assert.StartsWith("https://www.openstreetmap.org/directions", document.GetElementById("directions")!.GetAttribute("href"));
        using var json = JsonDocument.Parse(document.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("MedicalClinic", json.RootElement.GetProperty("@type").GetString());
        Assert.Equal(clinic.Zip, json.RootElement.GetProperty("address").GetProperty("postalCode").GetString());
        Assert.True(json.RootElement.GetProperty("availableService").GetArrayLength() > 0);
        Assert.Empty(document.QuerySelectorAll("iframe, img[src^='http']"));
    }

    [Fact]
    public async Task Compare_shows_up_to_three_listings_side_by_side()
    {
        using var client = factory.Client();
        var ids = Results(await client.GetDocumentAsync("/clinics?near=60601")).Take(4).Select(r => r.Id).ToList();

        var document = await client.GetDocumentAsync("/clinics/compare?" + string.Join("&", ids.Select(i => "id=" + i)));

        Assert.Equal(ids.Take(3), document.QuerySelectorAll("#compare-table thead th").Select(th => long.Parse(th.GetAttribute("data-clinic-id")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("up to 3", document.GetElementById("compare-notice")!.TextContent);
    }

    [Fact]
    public async Task Browse_pages_lead_from_states_to_cities_to_programs()
    {
        using var client = factory.Client();

        var states = await client.GetDocumentAsync("/iop");
        var virginia = await client.GetDocumentAsync("/iop/va");
        var cityLink = virginia.QuerySelector("#places a")!.GetAttribute("href")!;
        var city = await client.GetDocumentAsync(cityLink);

        Assert.Contains(states.QuerySelectorAll("#places a"), a => a.GetAttribute("href") == "/iop/va");
        Assert.NotEmpty(city.QuerySelectorAll("#results li.result"));
        Assert.Contains("care=iop", city.QuerySelector("main p a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_sitemap_lists_listings_and_browse_pages()
    {
        using var client = factory.Client();

        var xml = await client.GetStringAsync("/sitemap.xml");

        Assert.Contains(SiteFactory.BaseUrl + "/iop/va</loc>", xml);
        Assert.Contains(SiteFactory.BaseUrl + "/clinics/", xml);
    }

    [Fact]
    public async Task Every_page_says_when_listings_are_demo_data()
    {
        using var client = factory.Client();

        var document = await client.GetDocumentAsync("/");

        Assert.Contains("fictional", document.GetElementById("demo-banner")?.TextContent);
    }

    [Fact]
    public async Task Programs_appear_in_the_site_search_after_the_articles()
    {
        using var client = factory.Client();
        var clinic = factory.Services.GetRequiredService<ClinicQueries>().ById(1)!;

        var document = await client.GetDocumentAsync("/search?q=" + Uri.EscapeDataString(clinic.Name));

        Assert.Contains(document.QuerySelectorAll("#program-results a"), a => a.GetAttribute("href") == clinic.Url);
    }
}

public sealed record Result(long Id, double? Miles);
