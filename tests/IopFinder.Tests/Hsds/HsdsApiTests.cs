using System.Net;
using System.Text.Json;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Hsds;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Hsds;

/// <summary>
/// The HSDS 3.0 API as a 211's software would read it: every endpoint's answers validated against Open Referral's
/// official schemas, paging edges, each filter and their combination, the ndjson dump, and clear 400s.
/// </summary>
public sealed class HsdsApiTests : IClassFixture<HsdsApiTests.DemoPublishingSite>
{
    private readonly ClassSite _site;
    private readonly HttpClient _client;

    /// <summary>A site of demo listings that publishes them over HSDS, as an operator trying the API would set it.</summary>
    public sealed class DemoPublishingSite : ClassSite
    {
        public DemoPublishingSite() => Settings = new Dictionary<string, string> { ["Directory:HsdsDemoListings"] = "true" };
    }

    public HsdsApiTests(DemoPublishingSite site)
    {
        _site = site;
        _client = site.Client();
    }

    private async Task<JsonElement> Get(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<JsonElement> Page(string url, string itemSchema)
    {
        var page = await Get(url);
        foreach (var field in new[] { "total_items", "total_pages", "page_number", "size" })
        {
            Assert.Equal(JsonValueKind.Number, page.GetProperty(field).ValueKind);
        }

        foreach (var field in new[] { "first_page", "last_page", "empty" })
        {
            Assert.True(page.GetProperty(field).ValueKind is JsonValueKind.True or JsonValueKind.False, field);
        }

        var contents = page.GetProperty("contents");
        Assert.Equal(page.GetProperty("size").GetInt32(), contents.GetArrayLength());
        foreach (var item in contents.EnumerateArray())
        {
            HsdsSchemas.AssertValid(itemSchema, item);
        }

        return page;
    }

    /// <summary>A listing with everything the model holds: IOP tracks, openings, both phones, languages, codes.</summary>
    private Clinic Rich()
    {
        var clinic = _site.Listing(_site.UnusedListing());
        clinic.SetMask(ClinicCodes.Care, ClinicCodes.Care.Mask(["iop", "op"]));
        clinic.SetMask(ClinicCodes.Language, ClinicCodes.Language.Mask(["spanish"]));
        clinic.SetMask(ClinicCodes.Pay, ClinicCodes.Pay.Mask(["medicaid", "sliding"]));
        clinic.OtherLanguages = "Vietnamese";
        clinic.Phone = "555-201-0000";
        clinic.IntakePhone = "555-201-0001";
        clinic.IopSchedule = "Evening adult IOP | mon tue thu | 18:00-21:00 | both | english spanish | adults";
        clinic.TimeZone = "America/Chicago";
        clinic.OpeningsStatus = OpeningStatus.NextStart;
        clinic.OpeningsNextStart = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        clinic.OpeningsAsOf = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        clinic.OpeningsSource = OpeningsSource.Clinic;
        clinic.OpeningsWaitWeeks = null;
        clinic.LastVerified = "2026-11-30";
        Assert.Null(ListingRules.Check(clinic));
        Save(clinic);
        return _site.Listing(clinic.Id);
    }

    private void Save(Clinic clinic)
    {
        using (var connection = _site.Services.GetRequiredService<Db>().Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.Save(connection, transaction, [clinic]);
            transaction.Commit();
        }

        _site.Services.GetRequiredService<ClinicIndex>().Reload();
    }

    [Fact]
    public async Task The_root_names_the_version_a_profile_page_that_exists_and_the_openapi_file()
    {
        var root = await Get("/hsds/");

        Assert.Equal("3.0", root.GetProperty("version").GetString());
        Assert.Equal(HsdsEndpoints.OpenApiUrl, root.GetProperty("openapi_url").GetString());
        var profile = new Uri(root.GetProperty("profile").GetString()!);
        Assert.Equal("/hsds/profile", profile.AbsolutePath);
        var page = await _client.GetDocumentAsync(profile.AbsolutePath);
        Assert.Contains("iopfinder_openings_status", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_service_is_valid_and_carries_schedules_openings_phones_languages_and_codes()
    {
        var clinic = Rich();
        var id = HsdsIds.Of(clinic.Id, HsdsIds.Role.Service);

        var service = await Get($"/hsds/services/{id}");

        HsdsSchemas.AssertValid("service", service);
        Assert.Equal(id, service.GetProperty("id").GetString());
        var schedule = Assert.Single(service.GetProperty("schedules").EnumerateArray());
        Assert.Equal(("WEEKLY", "MO,TU,TH", "18:00", "21:00"), (schedule.GetProperty("freq").GetString(), schedule.GetProperty("byday").GetString(),
            schedule.GetProperty("opens_at").GetString(), schedule.GetProperty("closes_at").GetString()));
        Assert.Equal(OpeningStatus.NextStart, service.GetProperty("iopfinder_openings_status").GetString());
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("America/Chicago").GetUtcOffset(DateTime.UtcNow).TotalHours, schedule.GetProperty("timezone").GetDouble());
        Assert.Equal(clinic.OpeningsAsOf + "T00:00:00Z", service.GetProperty("last_modified").GetString());
        Assert.Equal(clinic.OpeningsNextStart, service.GetProperty("iopfinder_openings_next_start").GetString());
        Assert.Equal("America/Chicago", service.GetProperty("iopfinder_time_zone").GetString());
        Assert.Equal("2026-11-30", service.GetProperty("assured_date").GetString());
        Assert.Equal(["555-201-0000", "555-201-0001"], service.GetProperty("phones").EnumerateArray().Select(p => p.GetProperty("number").GetString()));
        Assert.Equal(["Spanish", "Vietnamese"], service.GetProperty("languages").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        var terms = service.GetProperty("attributes").EnumerateArray().Select(a => a.GetProperty("taxonomy_term").GetProperty("code").GetString()).ToList();
        Assert.Contains("iop", terms);
        Assert.Contains("OIT", terms);
        Assert.Contains("medicaid", terms);
        var location = Assert.Single(service.GetProperty("service_at_locations").EnumerateArray()).GetProperty("location");
        Assert.Equal(clinic.Zip, Assert.Single(location.GetProperty("addresses").EnumerateArray()).GetProperty("postal_code").GetString());
        Assert.DoesNotContain("\"email\"", service.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Organizations_and_service_at_locations_are_valid_lists_and_full_objects()
    {
        var clinic = Rich();

        await Page("/hsds/organizations?per_page=7", "organization_list");
        await Page("/hsds/service_at_locations?per_page=7", "service_at_location_list");
        await Page("/hsds/services?per_page=7&full=true", "service");
        await Page("/hsds/service_at_locations?per_page=3&full=true", "service_at_location");
        var organization = await Get($"/hsds/organizations/{HsdsIds.Of(clinic.Id, HsdsIds.Role.Organization)}?full_service=true");
        HsdsSchemas.AssertValid("organization", organization);
        Assert.Equal(clinic.Name, organization.GetProperty("name").GetString());
        Assert.Single(Assert.Single(organization.GetProperty("services").EnumerateArray()).GetProperty("schedules").EnumerateArray());
        HsdsSchemas.AssertValid("organization", await Get($"/hsds/organizations/{HsdsIds.Of(clinic.Id, HsdsIds.Role.Organization)}"));
        var at = await Get($"/hsds/service_at_locations/{HsdsIds.Of(clinic.Id, HsdsIds.Role.ServiceAtLocation)}");
        HsdsSchemas.AssertValid("service_at_location", at);
        Assert.Equal(HsdsIds.Of(clinic.Id, HsdsIds.Role.Service), at.GetProperty("service").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Taxonomies_and_terms_are_valid_and_every_term_a_service_carries_can_be_fetched()
    {
        var taxonomies = await Page("/hsds/taxonomies?per_page=100", "taxonomy");
        Assert.Equal(ClinicCodes.All.Count + 1, taxonomies.GetProperty("total_items").GetInt32());
        foreach (var taxonomy in taxonomies.GetProperty("contents").EnumerateArray())
        {
            HsdsSchemas.AssertValid("taxonomy", await Get($"/hsds/taxonomies/{taxonomy.GetProperty("id").GetString()}"));
        }

        var lines = (await _client.GetStringAsync("/hsds/taxonomy_terms?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(HsdsTaxonomies.Terms.Count, lines.Length);
        HsdsSchemas.AssertValid("taxonomy_term", JsonDocument.Parse(lines[0]).RootElement);
        var samhsa = HsdsTaxonomies.All.Single(t => t.Key == HsdsTaxonomies.SamhsaKey);
        var terms = await Page($"/hsds/taxonomy_terms?per_page=100&taxonomy_id={samhsa.Id}", "taxonomy_term");
        Assert.Contains(terms.GetProperty("contents").EnumerateArray(), t => t.GetProperty("code").GetString() == "OIT");
        var service = await Get($"/hsds/services/{HsdsIds.Of(Rich().Id, HsdsIds.Role.Service)}");
        foreach (var attribute in service.GetProperty("attributes").EnumerateArray())
        {
            HsdsSchemas.AssertValid("taxonomy_term", await Get($"/hsds/taxonomy_terms/{attribute.GetProperty("taxonomy_term_id").GetString()}"));
        }
    }

    [Fact]
    public async Task Pages_cover_every_service_once_and_a_page_past_the_end_is_empty()
    {
        var first = await Page("/hsds/services?per_page=7", "service_list");
        var total = first.GetProperty("total_items").GetInt32();
        var pages = first.GetProperty("total_pages").GetInt32();
        Assert.Equal(_site.Services.GetRequiredService<ClinicIndex>().Count, total);
        Assert.Equal((total + 6) / 7, pages);
        Assert.True(first.GetProperty("first_page").GetBoolean());
        var ids = new List<string>();
        for (var page = 1; page <= pages; page++)
        {
            var body = await Page($"/hsds/services?per_page=7&page={page}", "service_list");
            Assert.Equal(page == pages, body.GetProperty("last_page").GetBoolean());
            ids.AddRange(body.GetProperty("contents").EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
        }

        Assert.Equal(total, ids.Count);
        Assert.Equal(total, ids.Distinct().Count());
        var past = await Page($"/hsds/services?per_page=7&page={pages + 1}", "service_list");
        Assert.Equal((0, total, pages + 1), (past.GetProperty("contents").GetArrayLength(), past.GetProperty("total_items").GetInt32(), past.GetProperty("page_number").GetInt32()));
        var lines = (await _client.GetStringAsync("/hsds/services?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(total, lines.Length);
        foreach (var line in lines.Take(20))
        {
            HsdsSchemas.AssertValid("service_list", JsonDocument.Parse(line).RootElement);
        }

        Assert.Equal(ids.Order(), lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).Order());
    }

    [Fact]
    public async Task Filters_narrow_each_other()
    {
        var clinic = Rich();
        var iop = HsdsTaxonomies.Terms.Single(t => t.Taxonomy.Key == "care" && t.Code == "iop");
        var oit = HsdsTaxonomies.Terms.Single(t => t.Taxonomy.Key == HsdsTaxonomies.SamhsaKey && t.Code == "OIT");
        var index = _site.Services.GetRequiredService<ClinicIndex>();
        var iopCount = index.Search(new ClinicQuery { Filters = new Dictionary<CodeSet, long> { [ClinicCodes.Care] = ClinicCodes.Care.Mask(["iop"]) } }).Total;

        var byTerm = await Page($"/hsds/services?taxonomy_term_id={iop.Id}&per_page=100", "service_list");
        var bySamhsa = await Page($"/hsds/services?taxonomy_term_id={oit.Id}&per_page=100", "service_list");
        var byTaxonomy = await Page($"/hsds/services?taxonomy_id={HsdsTaxonomies.All.Single(t => t.Key == "lang").Id}&per_page=100", "service_list");
        var zip = Web.Places.PlaceDirectory.Shared.Zips.MinBy(z => ClinicSnapshot.Miles(clinic.Latitude, clinic.Longitude, z.Latitude, z.Longitude))!;
        var reach = ClinicSnapshot.Miles(clinic.Latitude, clinic.Longitude, zip.Latitude, zip.Longitude) + 2;
        var near = await Page($"/hsds/service_at_locations?postcode={zip.Zip}&proximity={(int)(reach * 1609.344)}&per_page=100", "service_at_location_list");
        var both = await Page($"/hsds/services?taxonomy_term_id={iop.Id}&organization_id={HsdsIds.Of(clinic.Id, HsdsIds.Role.Organization)}", "service_list");
        var otherOrganization = await Page($"/hsds/services?taxonomy_term_id={HsdsTaxonomies.Terms.Single(t => t.Taxonomy.Key == "care" && t.Code == "inpatient").Id}&organization_id={HsdsIds.Of(clinic.Id, HsdsIds.Role.Organization)}", "service_list");
        var modified = await Page($"/hsds/services?modified_after={Uri.EscapeDataString(DateTime.UtcNow.AddYears(5).ToString("O"))}", "service_list");
        var newOpenings = await Page($"/hsds/services?per_page=100&modified_after={clinic.OpeningsAsOf}", "service_list");
        var searched = await Page($"/hsds/services?search={Uri.EscapeDataString(clinic.Name)}&taxonomy_term_id={iop.Id}&per_page=100", "service_list");

        Assert.Equal(iopCount, byTerm.GetProperty("total_items").GetInt32());
        Assert.Equal(iopCount, bySamhsa.GetProperty("total_items").GetInt32());
        Assert.True(byTaxonomy.GetProperty("contents").EnumerateArray().Any(s => s.GetProperty("id").GetString() == HsdsIds.Of(clinic.Id, HsdsIds.Role.Service)), byTaxonomy.GetRawText()[..Math.Min(3000, byTaxonomy.GetRawText().Length)]);
        Assert.Contains(near.GetProperty("contents").EnumerateArray(), s => s.GetProperty("location_id").GetString() == HsdsIds.Of(clinic.Id, HsdsIds.Role.Location));
        Assert.All(near.GetProperty("contents").EnumerateArray(), s => Assert.True(
            ClinicSnapshot.Miles(zip.Latitude, zip.Longitude, s.GetProperty("location").GetProperty("latitude").GetDouble(), s.GetProperty("location").GetProperty("longitude").GetDouble()) <= reach));
        Assert.Equal(HsdsIds.Of(clinic.Id, HsdsIds.Role.Service), Assert.Single(both.GetProperty("contents").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(0, otherOrganization.GetProperty("total_items").GetInt32());
        Assert.True(otherOrganization.GetProperty("empty").GetBoolean());
        Assert.Equal(0, modified.GetProperty("total_items").GetInt32());
        Assert.Contains(newOpenings.GetProperty("contents").EnumerateArray(), s => s.GetProperty("id").GetString() == HsdsIds.Of(clinic.Id, HsdsIds.Role.Service));
        Assert.Contains(searched.GetProperty("contents").EnumerateArray(), s => s.GetProperty("id").GetString() == HsdsIds.Of(clinic.Id, HsdsIds.Role.Service));
    }

    [Theory]
    [InlineData("""{ "id": "10f1d0e5-0002-8000-8000-000000000001", "name": "A" }""")]
    [InlineData("""{ "id": "not-a-uuid", "name": "A", "status": "active" }""")]
    [InlineData("""{ "id": "10f1d0e5-0002-8000-8000-000000000001", "name": "A", "status": "open" }""")]
    [InlineData("""{ "id": "10f1d0e5-0002-8000-8000-000000000001", "name": "A", "status": "active", "last_modified": "yesterday" }""")]
    public void The_schema_check_rejects_what_hsds_forbids(string service) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => HsdsSchemas.AssertValid("service_list", JsonDocument.Parse(service).RootElement));

    [Theory]
    [InlineData("/hsds/services?page=0", "page")]
    [InlineData("/hsds/services?page=two", "page")]
    [InlineData("/hsds/services?per_page=101", "per_page")]
    [InlineData("/hsds/services?per_page=-5", "per_page")]
    [InlineData("/hsds/services?taxonomy_term_id=iop", "taxonomy_term_id")]
    [InlineData("/hsds/services?organization_id=1", "organization_id")]
    [InlineData("/hsds/services?modified_after=yesterday", "modified_after")]
    [InlineData("/hsds/services?format=xml", "format")]
    [InlineData("/hsds/services?full=maybe", "full")]
    [InlineData("/hsds/service_at_locations?postcode=00000", "postcode")]
    [InlineData("/hsds/service_at_locations?postcode=10001&proximity=far", "proximity")]
    [InlineData("/hsds/service_at_locations?proximity=1000", "proximity")]
    [InlineData("/hsds/services?page=1&page=2", "page")]
    [InlineData("/hsds/services/not-a-uuid", "UUID")]
    [InlineData("/hsds/taxonomy_terms?taxonomy_id=care", "taxonomy_id")]
    public async Task Bad_parameters_get_a_400_that_names_them(string url, string named)
    {
        var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hidden_listings_and_ids_that_are_not_ours_are_not_found()
    {
        var clinic = _site.Listing(_site.UnusedListing());
        var id = HsdsIds.Of(clinic.Id, HsdsIds.Role.Service);
        clinic.Status = ListingStatus.Hidden;
        Save(clinic);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hsds/services/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hsds/services/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/hsds/organizations/{id}")).StatusCode);
        var lines = await _client.GetStringAsync("/hsds/services?format=ndjson");
        Assert.DoesNotContain(id, lines, StringComparison.Ordinal);
    }
}
