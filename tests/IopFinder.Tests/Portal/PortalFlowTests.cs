using System.Net;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

public sealed class PortalFlowTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    [Fact]
    public async Task Request_access_then_approval_then_invitation_then_sign_in_then_a_moderated_edit_goes_live()
    {
        var listing = _factory.Listing(3);
        _factory.CreateUser("mod@iopfinder.example.org", "moderator");
        using var visitor = _factory.Client();
        using var moderator = _factory.Client();

        await visitor.PostPageAsync($"/clinics/{listing.Slug}/claim", $"/clinics/{listing.Slug}/claim",
            ("Form.Name", "Dana Lee"), ("Form.Email", "dana@clinic.example.org"), ("Form.Role", "Program director"), ("Form.Note", "I run the evening group."));
        await moderator.LoginAsync("mod@iopfinder.example.org");
        var queue = await moderator.GetDocumentAsync("/admin");
        var requestId = queue.QuerySelectorAll("#access-requests li").Single(li => li.TextContent.Contains("dana@clinic.example.org", StringComparison.Ordinal)).GetAttribute("data-request-id");
        await moderator.PostPageAsync("/admin", $"/admin?handler=ApproveRequest&id={requestId}");

        var invitation = Assert.Single(_factory.MailTo("dana@clinic.example.org"));
        using var staff = _factory.Client();
        var link = PortalHelpers.Link(invitation);
        await staff.PostPageAsync(link, "/portal/set-password", ("Token", link.Split('=')[1]), ("Password", "evening group passphrase"), ("Confirm", "evening group passphrase"));
        Assert.Equal(HttpStatusCode.Redirect, (await staff.LoginAsync("dana@clinic.example.org", "evening group passphrase")).StatusCode);

        var form = await staff.GetDocumentAsync($"/portal/listings/{listing.Id}/edit");
        // Hours a week follow from the schedule: four evenings of three hours are twelve.
        var fields = PortalHelpers.EditFormFields(form, ("tracks", "Evening IOP | mon tue wed thu | 18:00-21:00 | in_person | english | adults"), ("care", "op"), ("care", "iop"));
        using var proposed = await staff.PostPageAsync($"/portal/listings/{listing.Id}/edit", $"/portal/listings/{listing.Id}/edit", [.. fields]);
        Assert.True(proposed.StatusCode == HttpStatusCode.Redirect, Html.Parse(await proposed.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent);
        Assert.NotEqual(12, _factory.Listing(listing.Id).IopHoursPerWeek);

        var change = _factory.Services.GetRequiredService<ListingEdits>().Changes("pending", listing.Id).Single();
        var diff = await moderator.GetDocumentAsync($"/admin/changes/{change.Id}");
        Assert.Equal("12", diff.QuerySelector("tr[data-field='iop_hours_per_week'] td:last-child")!.TextContent);
        await moderator.PostPageAsync($"/admin/changes/{change.Id}", $"/admin/changes/{change.Id}?handler=Approve", ("Note", "Thanks!"));

        var page = await _factory.Client().GetDocumentAsync(listing.Url);
        Assert.Contains("12", page.GetElementById("iop-details")!.TextContent);
        Assert.Contains("evening", page.GetElementById("iop-details")!.TextContent);
        Assert.Equal("mon tue wed thu", page.QuerySelector("#schedule tbody tr")!.GetAttribute("data-days"));
        Assert.Equal("18:00", page.QuerySelector("#schedule tbody tr")!.GetAttribute("data-start"));
        Assert.Contains("Updated by the clinic on", page.GetElementById("clinic-updated")!.TextContent);
        Assert.Contains("Claimed by this clinic", page.GetElementById("claimed-badge")!.TextContent);
        Assert.Contains("Thanks!", _factory.MailTo("dana@clinic.example.org").Last());
        var actions = _factory.Services.GetRequiredService<Audit>().Recent(listing.Id).Select(e => e.Action).ToList();
        Assert.Contains("access-approved", actions);
        Assert.Contains("change-proposed", actions);
        Assert.Contains("change-approved", actions);
    }

    [Fact]
    public async Task A_stale_edit_is_shown_not_silently_overwritten()
    {
        var user = _factory.CreateUser("stale@clinic.example.org", "clinic", 4);
        using var client = _factory.Client();
        await client.LoginAsync(user.Email);

        using var response = await client.PostPageAsync("/portal/listings/4/edit", "/portal/listings/4/edit",
            ("baseVersion", "-1"), ("name", "Renamed"), ("street", "1 Main Street"), ("city", "Town"), ("state", "VA"), ("zip", "22903"), ("accepting", "yes"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("stale-edit", await response.Content.ReadAsStringAsync());
        Assert.Empty(_factory.Services.GetRequiredService<ListingEdits>().Changes("pending", 4));
    }

    [Fact]
    public async Task Moderation_only_fields_cannot_be_changed_by_clinic_staff()
    {
        var user = _factory.CreateUser("fields@clinic.example.org", "clinic", 5);
        var before = _factory.Listing(5);
        using var client = _factory.Client();
        await client.LoginAsync(user.Email);

        await client.PostPageAsync("/portal/listings/5/edit", "/portal/listings/5/edit",
            ("baseVersion", _factory.Services.GetRequiredService<IopFinder.Web.Clinics.ClinicQueries>().RowVersion(5).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("name", before.Name + " Updated"), ("street", before.Street), ("city", before.City), ("state", before.State), ("zip", before.Zip),
            ("accepting", "yes"), ("status", "hidden"), ("claimed", "no"), ("source", "admin"), ("last_verified", "2099-01-01"), ("source_id", "x"));

        var change = _factory.Services.GetRequiredService<ListingEdits>().Changes("pending", 5).Single();
        Assert.DoesNotContain("status", change.Changes.Keys);
        Assert.DoesNotContain("claimed", change.Changes.Keys);
        Assert.DoesNotContain("source", change.Changes.Keys);
        Assert.DoesNotContain("last_verified", change.Changes.Keys);
        Assert.Contains("name", change.Changes.Keys);
    }

    [Fact]
    public async Task Classic_xss_payloads_in_every_field_are_shown_as_text()
    {
        const string Payload = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><a href=\"javascript:alert(3)\">x</a>";
        var user = _factory.CreateUser("xss@clinic.example.org", "clinic", 6);
        _factory.CreateUser("mod2@iopfinder.example.org", "moderator");
        var before = _factory.Listing(6);
        using var client = _factory.Client();
        await client.LoginAsync(user.Email);
        var fields = new List<(string, string)> { ("baseVersion", _factory.Services.GetRequiredService<IopFinder.Web.Clinics.ClinicQueries>().RowVersion(6).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("state", before.State), ("zip", before.Zip), ("accepting", "yes") };
        foreach (var field in new[] { "name", "program_name", "street", "street2", "city", "description", "wait_note", "other_languages" })
        {
            fields.Add((field, Payload));
        }

        await client.PostPageAsync("/portal/listings/6/edit", "/portal/listings/6/edit", [.. fields]);
        var change = _factory.Services.GetRequiredService<ListingEdits>().Changes("pending", 6).Single();
        _factory.Services.GetRequiredService<ListingEdits>().Approve(change.Id, 1, null);
        using var moderator = _factory.Client();
        await moderator.LoginAsync("mod2@iopfinder.example.org");

        foreach (var (reader, url) in new[] { (_factory.Client(), _factory.Listing(6).Url), (moderator, "/admin/changes/" + change.Id), (client, "/portal/listings/6/edit"), (_factory.Client(), "/clinics?q=alert&radius=any") })
        {
            var document = await reader.GetDocumentAsync(url);

            Assert.Contains("<script>alert(1)</script>", document.Body!.TextContent);
            Assert.All(document.QuerySelectorAll("script"), s => Assert.True(s.GetAttribute("type") == "application/ld+json" || s.HasAttribute("src"), url));
            Assert.Empty(document.QuerySelectorAll("img[onerror], [onerror]"));
            Assert.Empty(document.QuerySelectorAll("a[href^='javascript']"));
        }
    }

    [Fact]
    public async Task Still_accurate_refreshes_the_verified_date_without_moderation()
    {
        var user = _factory.CreateUser("verify@clinic.example.org", "clinic", 7);
        using (var connection = _factory.Services.GetRequiredService<Db>().Open())
        {
            connection.Execute("UPDATE clinics SET last_verified = '2020-01-01' WHERE id = 7");
        }

        using var client = _factory.Client();
        await client.LoginAsync(user.Email);

        await client.PostPageAsync("/portal/listings/7/edit", "/portal/listings/7/edit?handler=Verify");

        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), _factory.Listing(7).LastVerified);
    }

    [Fact]
    public async Task A_colleague_invited_by_staff_shares_the_listing_only_once_a_moderator_approves()
    {
        var user = _factory.CreateUser("lead@clinic.example.org", "clinic", 8);
        _factory.CreateUser("invite-mod@iopfinder.example.org", "moderator");
        using var client = _factory.Client();
        await client.LoginAsync(user.Email);

        await client.PostPageAsync("/portal/listings/8/edit", "/portal/listings/8/edit?handler=Invite", ("colleague", "colleague@clinic.example.org"));

        Assert.Null(_factory.Services.GetRequiredService<Accounts>().ByEmail("colleague@clinic.example.org"));
        Assert.Empty(_factory.MailTo("colleague@clinic.example.org"));
        long request;
        using (var connection = _factory.Services.GetRequiredService<Db>().Open())
        {
            request = connection.ExecuteScalar<long>("SELECT id FROM access_requests WHERE email = 'colleague@clinic.example.org' AND clinic_id = 8 AND status = 'pending'");
        }

        using var moderator = _factory.Client();
        await moderator.LoginAsync("invite-mod@iopfinder.example.org");
        await moderator.PostPageAsync("/admin", $"/admin?handler=ApproveRequest&id={request}");

        var colleague = _factory.Services.GetRequiredService<Accounts>().ByEmail("colleague@clinic.example.org")!;
        Assert.True(_factory.Services.GetRequiredService<ListingEdits>().IsStaff(colleague.Id, 8));
        Assert.Contains("set-password?token=", Assert.Single(_factory.MailTo("colleague@clinic.example.org")));
    }

    [Fact]
    public async Task Inviting_an_existing_moderator_sends_them_nothing_and_invitations_are_limited_per_day()
    {
        var user = _factory.CreateUser("inviter@clinic.example.org", "clinic", 7);
        _factory.CreateUser("someone.important@iopfinder.example.org", "admin");
        using var client = _factory.Client();
        await client.LoginAsync(user.Email);

        await client.PostPageAsync("/portal/listings/7/edit", "/portal/listings/7/edit?handler=Invite", ("colleague", "someone.important@iopfinder.example.org"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            statuses.Add((await client.PostPageAsync("/portal/listings/7/edit", "/portal/listings/7/edit?handler=Invite", ("colleague", $"c{i}@clinic.example.org"))).StatusCode);
        }

        Assert.Empty(_factory.MailTo("someone.important@iopfinder.example.org"));
        Assert.Empty(Enumerable.Range(0, 10).SelectMany(i => _factory.MailTo($"c{i}@clinic.example.org")));
        Assert.Equal(9, statuses.Count(s => s == HttpStatusCode.Redirect));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Moderators_resolve_reports_or_mark_the_listing_closed_and_manage_users()
    {
        _factory.CreateUser("admin@iopfinder.example.org", "admin");
        var staff = _factory.CreateUser("gone@clinic.example.org", "clinic", 9);
        using (var connection = _factory.Services.GetRequiredService<Db>().Open())
        {
            connection.Execute("INSERT INTO clinic_reports (clinic_id, kind, message, created_at) VALUES (9, 'closed', 'Shut last month', '2026-11-01')");
        }

        using var admin = _factory.Client();
        await admin.LoginAsync("admin@iopfinder.example.org");
        var reportId = (await admin.GetDocumentAsync("/admin")).QuerySelectorAll("#reports li").Single(li => li.TextContent.Contains("Shut last month", StringComparison.Ordinal)).GetAttribute("data-report-id");
        await admin.PostPageAsync("/admin", $"/admin?handler=ResolveReport&id={reportId}&close=true");
        await admin.PostPageAsync("/admin/users", $"/admin/users?handler=Disable&id={staff.Id}&disabled=true");

        Assert.Equal("closed", _factory.Listing(9).Status);
        Assert.True(_factory.Services.GetRequiredService<Accounts>().ById(staff.Id)!.Disabled);
        Assert.Contains("Reported closed", (await _factory.Client().GetDocumentAsync(_factory.Listing(9).Url)).QuerySelector(".badges")!.TextContent);
    }

    [Fact]
    public async Task The_create_admin_verb_prints_a_one_time_set_password_link()
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, IopFinder.Web.Cli.CommandLine.CreateStaffAccount(_factory.Services, ["create-admin", "first@iopfinder.example.org"], "admin"));
        }
        finally
        {
            Console.SetOut(original);
        }

        var link = output.ToString().Split('\n').Single(l => l.Contains("set-password", StringComparison.Ordinal)).Trim();
        var user = _factory.Services.GetRequiredService<Accounts>().ByEmail("first@iopfinder.example.org")!;
        Assert.Equal("admin", user.Role);
        using var client = _factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(link).PathAndQuery)).StatusCode);
        using var connection = _factory.Services.GetRequiredService<Db>().Open();
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT count(*) FROM audit_log WHERE action = 'admin-created' AND details LIKE @details",
            new { details = $"user {user.Id} (first@iopfinder.example.org)%" }));
    }
}
