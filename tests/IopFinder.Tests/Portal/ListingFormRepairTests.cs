using System.Net;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

/// <summary>The listing form repairs optional fields as imports do, with the same words, and shows the result before sending it.</summary>
public sealed class ListingFormRepairTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly ClassSite _factory = site;

    [Fact]
    public async Task A_repairable_website_is_shown_corrected_and_sent_only_when_saved_again()
    {
        _factory.CreateUser("repair@clinic.example.org", "clinic", 3);
        using var client = _factory.Client();
        await client.LoginAsync("repair@clinic.example.org");
        var edits = _factory.Services.GetRequiredService<ListingEdits>();
        var page = "/portal/listings/3/edit";

        var form = await client.GetDocumentAsync(page);
        using var first = await client.PostPageAsync(page, page, [.. PortalHelpers.EditFormFields(form, ("website", "www,newleaf.example.org"))]);
        var shown = Html.Parse(await first.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("website 'www,newleaf.example.org' is not an http or https address: repaired to 'http://www.newleaf.example.org'", shown.QuerySelector("#repairs-notice")!.TextContent);
        Assert.Equal("http://www.newleaf.example.org", shown.QuerySelector("#f-website")!.GetAttribute("value"));
        Assert.Empty(edits.Changes("pending", 3));

        using var second = await client.PostPageAsync(page, page, [.. PortalHelpers.EditFormFields(shown)]);

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var change = Assert.Single(edits.Changes("pending", 3));
        Assert.Contains("http://www.newleaf.example.org", change.ChangesJson);
    }

    [Fact]
    public async Task A_value_an_import_would_drop_is_a_problem_to_correct_and_what_was_typed_stays()
    {
        _factory.CreateUser("drop@clinic.example.org", "clinic", 4);
        using var client = _factory.Client();
        await client.LoginAsync("drop@clinic.example.org");
        var page = "/portal/listings/4/edit";

        var form = await client.GetDocumentAsync(page);
        using var response = await client.PostPageAsync(page, page, [.. PortalHelpers.EditFormFields(form, ("website", "http://under construction"), ("phone", "434-555-01"))]);
        var shown = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = shown.QuerySelector("#error-summary")!.TextContent;
        Assert.Contains("website 'http://under construction' is not an http or https address", problems);
        Assert.Contains("phone '434-555-01' is not a US phone number", problems);
        Assert.Equal("http://under construction", shown.QuerySelector("#f-website")!.GetAttribute("value"));
        Assert.Empty(_factory.Services.GetRequiredService<ListingEdits>().Changes("pending", 4));
    }
}
