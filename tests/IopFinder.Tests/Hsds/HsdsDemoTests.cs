using System.Net;
using System.Text.Json;
using IopFinder.Web.Hsds;
using Microsoft.Extensions.DependencyInjection;

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

        var services = JsonDocument.Parse(await client.GetStringAsync("/hsds/services?per_page=100")).RootElement;
        var dump = (await client.GetStringAsync("/hsds/services?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var one = await client.GetAsync($"/hsds/services/{HsdsIds.Of(1, HsdsIds.Role.Service)}");

        // Other tests of the collection may add real listings to its site; none of its demo listings may show.
        var demoCount = factory.Services.GetRequiredService<Web.Clinics.ClinicIndex>().DemoCount;
        Assert.True(demoCount > 0);
        Assert.True(services.GetProperty("total_items").GetInt32() <= factory.Services.GetRequiredService<Web.Clinics.ClinicIndex>().Count - demoCount);
        Assert.All(services.GetProperty("contents").EnumerateArray(), s => Assert.False(s.GetProperty("iopfinder_demo").GetBoolean()));
        Assert.All(dump, line => Assert.DoesNotContain("\"iopfinder_demo\":true", line, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
    }
}
