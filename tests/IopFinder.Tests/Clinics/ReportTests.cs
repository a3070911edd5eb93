using System.Net;
using Dapper;
using IopFinder.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Clinics;

public sealed class ReportTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    /// <summary>The listing this test reports on, which no other test of the class uses.</summary>
    private readonly long _listing = site.UnusedListing();

    private int Reports(string? kind = null)
    {
        using var connection = _factory.Services.GetRequiredService<Db>().Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM clinic_reports WHERE clinic_id = @listing AND (@kind IS NULL OR kind = @kind)", new { listing = _listing, kind });
    }

    private async Task<(HttpResponseMessage Response, string Body)> Send(HttpClient client, string slug, params (string, string)[] fields)
    {
        var token = await client.TokenAsync($"/clinics/{slug}/report");
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new(FormPoster.TokenField, token));
        var response = await client.PostAsync($"/clinics/{slug}/report", new FormUrlEncodedContent(form));
        return (response, await response.Content.ReadAsStringAsync());
    }

    private string Slug => _factory.Listing(_listing).Slug;

    [Fact]
    public async Task A_report_is_stored_and_answered_with_a_confirmation()
    {
        using var client = _factory.Client();

        var (response, _) = await Send(client, Slug, ("Form.Kind", "wrong_phone"), ("Form.Message", "Rang it, no answer"), ("Form.Email", "me@example.org"));
        var page = await client.GetDocumentAsync(response.Headers.Location!.ToString());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, Reports("wrong_phone"));
        Assert.Contains("Thank you", page.GetElementById("report-thanks")?.TextContent);
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("moved-to-mars", "", "")]
    [InlineData("other", "", "")]
    [InlineData("closed", "", "not-an-email")]
    public async Task Bad_reports_are_refused_with_messages_and_store_nothing(string kind, string message, string email)
    {
        using var client = _factory.Client();

        var (response, body) = await Send(client, Slug, ("Form.Kind", kind), ("Form.Message", message), ("Form.Email", email));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("error-summary", body);
        Assert.Equal(0, Reports());
    }

    [Fact]
    public async Task A_message_over_2000_characters_is_refused()
    {
        using var client = _factory.Client();

        var (response, _) = await Send(client, Slug, ("Form.Kind", "other"), ("Form.Message", new string('a', 2001)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Reports());
    }

    [Fact]
    public async Task The_honeypot_catches_bots_without_telling_them()
    {
        using var client = _factory.Client();

        var (response, _) = await Send(client, Slug, ("Form.Kind", "closed"), ("Form.Website", "http://spam.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(0, Reports());
    }

    [Fact]
    public async Task Reports_are_rate_limited_per_client()
    {
        using var client = _factory.Client();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await Send(client, Slug, ("Form.Kind", "closed"))).Response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(5, Reports());
    }

    [Fact]
    public async Task Reporting_an_unknown_listing_is_a_404()
    {
        using var client = _factory.Client();

        using var response = await client.GetAsync("/clinics/no-such-listing/report");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
