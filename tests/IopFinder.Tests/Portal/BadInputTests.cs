using System.Net;
using IopFinder.Web.Clinics;
using IopFinder.Web.Imports;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

/// <summary>Input that used to reach a 500 after partial writes: now a clear message and nothing stored.</summary>
public sealed class BadInputTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    [Theory]
    [InlineData("iop_hours_per_week", "NaN")]
    [InlineData("iop_hours_per_week", "Infinity")]
    [InlineData("name", "Line one\nLine two")]
    [InlineData("phone", "434-555-0100\r\nBcc: x@example.org")]
    public void A_proposed_change_with_a_non_number_or_a_line_break_is_refused_with_a_message(string field, string value)
    {
        var edits = _factory.Services.GetRequiredService<ListingEdits>();
        var clinic = _factory.Listing(2);
        var posted = ListingForm.Fields.ToDictionary(f => f, f => (string?)ListingValues.Get(clinic, f));
        posted[field] = value;

        var (_, _, problems, _) = edits.Diff(clinic, posted);

        Assert.NotEmpty(problems);
    }

    [Theory]
    [InlineData("a..b@x.org", false)]
    [InlineData("name@clinic.org", true)]
    [InlineData("Name <name@clinic.org>", false)]
    [InlineData("name@clinic.org\nBcc: x@y.org", false)]
    [InlineData("", false)]
    public void Only_addresses_the_mail_client_can_send_to_are_accepted(string address, bool deliverable)
    {
        Assert.Equal(deliverable, EmailAddresses.IsDeliverable(address));
    }

    [Fact]
    public async Task An_access_request_with_an_undeliverable_email_gets_a_400_and_stores_nothing()
    {
        using var client = _factory.Client();
        var listing = _factory.Listing(1);
        var page = "/clinics/" + listing.Slug + "/claim";

        var response = await client.PostPageAsync(page, page,
            ("Form.Name", "Pat"), ("Form.Email", "a..b@x.org"), ("Form.Role", "Director"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter an email address", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_public_csv_download_cannot_run_formulas_in_a_spreadsheet()
    {
        var queries = _factory.Services.GetRequiredService<ClinicQueries>();
        var clinic = _factory.Listing(1);
        clinic.Name = "=HYPERLINK(\"http://example.org\",\"Click\")";
        clinic.ProgramName = "@SUM(A1:A9)";
        queries.Save([clinic]);
        _factory.Services.GetRequiredService<ClinicIndex>().RefreshIfChanged();
        using var client = _factory.Client();

        var csv = await client.GetStringAsync("/clinics.csv?radius=any&sort=name");

        Assert.Contains("\"'=HYPERLINK(", csv);
        Assert.Contains("'@SUM(A1:A9)", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.DoesNotContain("'-", csv);
    }
}
