using System.Net;
using System.Text.Json;
using IopFinder.Web.Hsds;

namespace IopFinder.Tests.Hsds;

/// <summary>
/// By default HSDS never publishes demo listings: 211s load HSDS into their own referral systems, where a
/// fictional program would reach real callers. The collection's site holds only demo listings.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class HsdsDemoTests(SiteFactory factory)
{
    [Fact]
    public async Task Demo_listings_are_left_out_of_every_list_and_are_not_found_by_id()
    {
        using var client = factory.Client();
        Assert.True(factory.Listing(1).IsDemo);

        var services = JsonDocument.Parse(await client.GetStringAsync("/hsds/services")).RootElement;
        var dump = await client.GetStringAsync("/hsds/service_at_locations?format=ndjson");
        var one = await client.GetAsync($"/hsds/services/{HsdsIds.Of(1, HsdsIds.Role.Service)}");

        Assert.Equal((0, true), (services.GetProperty("total_items").GetInt32(), services.GetProperty("empty").GetBoolean()));
        Assert.Equal("", dump);
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
    }
}
