using System.Globalization;
using System.Net;
using System.Xml.Linq;
using IopFinder.Web.Places;

namespace IopFinder.Tests.Clinics;

/// <summary>
/// The maps the site draws: pins numbered as the results, a text alternative, nothing fetched from anyone else, and
/// Alaska (across the antimeridian), Hawaii and Puerto Rico drawn where they are.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class MapTests(SiteFactory factory)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static IEnumerable<(double X, double Y, string Number)> Pins(XElement svg) =>
        svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "map-pin").Select(g => g.Element(Svg + "circle")!)
            .Select(c => (double.Parse((string)c.Attribute("cx")!, CultureInfo.InvariantCulture), double.Parse((string)c.Attribute("cy")!, CultureInfo.InvariantCulture),
                (string?)c.Parent!.Element(Svg + "text") ?? ""));

    [Fact]
    public async Task The_results_map_has_a_pin_per_result_numbered_as_the_list_and_says_what_it_shows()
    {
        using var client = factory.Client();

        var page = await client.GetDocumentAsync("/clinics?near=60601&radius=50&page=2");

        var list = page.GetElementById("results")!;
        var count = list.Children.Length;
        Assert.Equal("21", list.GetAttribute("start"));
        var svg = page.QuerySelector("#results-map svg")!;
        Assert.Equal("results-map-title", svg.GetAttribute("aria-labelledby"));
        Assert.Equal($"Map of the programs numbered 21 to {20 + count} in the list, within 50 miles of 60601 (Chicago, IL).", page.GetElementById("results-map-title")!.TextContent);
        var map = Parse(svg.OuterHtml);
        Assert.Equal(Enumerable.Range(21, count).Select(n => n.ToString(CultureInfo.InvariantCulture)).Order(), Pins(map).Select(p => p.Number).Order());
        Assert.NotEmpty(map.Descendants(Svg + "path"));
        Assert.Contains(map.Descendants(Svg + "text"), t => (string?)t.Attribute("class") == "map-place");
        Assert.DoesNotContain(map.DescendantsAndSelf().Attributes(), a => a.Name.LocalName is "href" or "src" || a.Value.Contains("url(", StringComparison.Ordinal));
        Assert.DoesNotContain(map.Descendants(), e => e.Name.LocalName is "image" or "script" or "foreignObject" or "style");
    }

    [Fact]
    public async Task A_listing_has_its_own_unnumbered_pin_nearby_towns_and_directions_that_open_a_new_page()
    {
        using var client = factory.Client();
        var listing = factory.Listing(7);

        var page = await client.GetDocumentAsync(listing.Url);

        var map = Parse(page.QuerySelector("#listing-map svg")!.OuterHtml);
        var pin = Assert.Single(Pins(map));
        Assert.Equal("", pin.Number);
        Assert.Equal((300.0, 200.0), (Math.Round(pin.X), Math.Round(pin.Y)));
        Assert.Contains(listing.Name, page.GetElementById("listing-map-title")!.TextContent, StringComparison.Ordinal);
        var directions = page.GetElementById("directions")!;
        Assert.Equal(("_blank", "noopener noreferrer"), (directions.GetAttribute("target"), directions.GetAttribute("rel")));
    }

    [Theory]
    [InlineData("en", "/privacy", "OpenStreetMap in a new page")]
    [InlineData("es", "/es/privacy", "OpenStreetMap en una página nueva")]
    public async Task The_privacy_page_says_the_directions_link_leaves_the_site(string language, string path, string words)
    {
        using var client = factory.Client();

        var page = await client.GetDocumentAsync(path);

        Assert.Equal(language, page.DocumentElement.GetAttribute("lang")![..2]);
        Assert.Contains(words, page.GetElementById("maps-privacy")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(61.2181, -149.9003, 51.88, -176.65, 52.93, 172.9)]
    [InlineData(21.3069, -157.8583, 19.7, -155.09, 22.08, -159.5)]
    [InlineData(18.4655, -66.1057, 18.01, -66.61, 18.2, -67.14)]
    public void Alaska_hawaii_and_puerto_rico_draw_with_their_coast_and_every_pin_inside_the_frame(double lat, double lon, double lat2, double lon2, double lat3, double lon3)
    {
        var svg = UsMap.Shared.Draw(new MapView(lat, lon, 25, [new MapPin(1, lat, lon), new MapPin(2, lat2, lon2), new MapPin(3, lat3, lon3)], [], "t"));

        var map = Parse(svg);
        Assert.Contains(map.Descendants(Svg + "path"), p => (string?)p.Attribute("class") == "map-state");
        Assert.All(Pins(map), p => Assert.True(p.X is >= 0 and <= 600 && p.Y is >= 0 and <= 400, $"pin {p.Number} at {p.X},{p.Y}"));
        var xs = Pins(map).Select(p => p.X).ToList();
        // The frame fits the pins: Attu (172.9° E) is drawn just west of Adak, so Alaska spans the map, where a frame
        // reaching round the world the other way would squeeze it into a corner.
        Assert.True(xs.Max() - xs.Min() > 300, $"pins span {xs.Max() - xs.Min()} of 600");
    }

    [Fact]
    public async Task The_site_has_a_favicon_and_a_touch_icon()
    {
        using var client = factory.Client();

        foreach (var (path, type) in new[] { ("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml"), ("/apple-touch-icon.png", "image/png") })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        }

        var home = await client.GetDocumentAsync("/");
        Assert.NotNull(home.QuerySelector("link[rel='icon'][href='/favicon.svg']"));
        Assert.NotNull(home.QuerySelector("link[rel='apple-touch-icon']"));
    }
}
