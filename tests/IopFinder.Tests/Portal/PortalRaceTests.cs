using System.Net;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Imports;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

/// <summary>
/// State changes decided by several people at once: each is decided and applied in one transaction,
/// conditional on the state it was decided on, so parallel requests leave exactly one outcome.
/// </summary>
public sealed class PortalRaceTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private long Propose(long userId, long clinicId, string waitNote)
    {
        var edits = Service<ListingEdits>();
        var clinic = _factory.Listing(clinicId);
        var (changes, _, problems, _) = edits.Diff(clinic, ListingForm.Fields.ToDictionary(f => f, f => (string?)ListingValues.Get(clinic, f)) is var posted
            ? new Dictionary<string, string?>(posted) { ["wait_note"] = waitNote }
            : []);
        Assert.Empty(problems);
        return edits.Propose(userId, clinic, changes);
    }

    private async Task<List<HttpClient>> Moderators(int count)
    {
        var clients = new List<HttpClient>();
        for (var i = 0; i < count; i++)
        {
            var email = $"moderator{i}@example.org";
            _factory.CreateUser(email, "moderator");
            var client = _factory.Client();
            await client.LoginAsync(email);
            clients.Add(client);
        }

        return clients;
    }

    private int Count(string sql, object? args = null)
    {
        using var connection = Service<Db>().Open();
        return connection.ExecuteScalar<int>(sql, args);
    }

    [Fact]
    public async Task Six_moderators_approving_one_change_at_once_apply_it_once_with_one_audit_entry_and_one_email()
    {
        var moderators = await Moderators(6);
        for (var round = 0; round < 5; round++)
        {
            var author = _factory.CreateUser($"staff{round}@example.org", "clinic", 3);
            var change = Propose(author.Id, 3, $"Round {round}");
            var page = $"/admin/changes/{change}";
            var tokens = await Task.WhenAll(moderators.Select(m => m.TokenAsync(page)));

            var responses = await Task.WhenAll(moderators.Select((m, i) => m.PostAsync(page + "?handler=Approve",
                new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[i]), new("Note", "ok")]))));

            Assert.Equal(1, responses.Count(r => r.Headers.Location?.OriginalString == "/admin"));
            Assert.Equal(5, responses.Count(r => r.Headers.Location?.OriginalString == page + "?decided=elsewhere"));
            Assert.Equal(1, Count("SELECT count(*) FROM audit_log WHERE action = 'change-approved' AND details LIKE @like", new { like = $"change {change}:%" }));
            Assert.Single(_factory.MailTo(author.Email));
            Assert.Equal($"Round {round}", _factory.Listing(3).WaitNote);
        }

        moderators.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Approve_and_reject_at_once_end_in_one_decision_with_one_audit_entry()
    {
        var moderators = await Moderators(2);
        for (var round = 0; round < 5; round++)
        {
            var author = _factory.CreateUser($"author{round}@example.org", "clinic", 4);
            var change = Propose(author.Id, 4, $"Decision {round}");
            var page = $"/admin/changes/{change}";
            var tokens = await Task.WhenAll(moderators.Select(m => m.TokenAsync(page)));

            await Task.WhenAll(
                moderators[0].PostAsync(page + "?handler=Approve", new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[0])])),
                moderators[1].PostAsync(page + "?handler=Reject", new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[1])])));

            var status = Service<ListingEdits>().Change(change)!.Status;
            var decisions = Count("SELECT count(*) FROM audit_log WHERE action IN ('change-approved', 'change-rejected') AND details LIKE @like", new { like = $"change {change}:%" });
            Assert.Equal(1, decisions);
            Assert.Equal(status == "approved", _factory.Listing(4).WaitNote == $"Decision {round}");
        }

        moderators.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Moderators_approving_one_access_request_at_once_grant_it_once_with_one_email()
    {
        var moderators = await Moderators(4);
        for (var round = 0; round < 5; round++)
        {
            long request;
            using (var connection = Service<Db>().Open())
            {
                request = connection.ExecuteScalar<long>(
                    "INSERT INTO access_requests (clinic_id, name, email, job_title, created_at) VALUES (6, 'Sam', @email, 'Director', '2026-11-23') RETURNING id",
                    new { email = $"sam{round}@clinic.example.org" });
            }

            var tokens = await Task.WhenAll(moderators.Select(m => m.TokenAsync("/admin")));

            await Task.WhenAll(moderators.Select((m, i) => m.PostAsync($"/admin?handler=ApproveRequest&id={request}",
                new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[i])]))));

            Assert.Equal(1, Count("SELECT count(*) FROM audit_log WHERE action = 'access-approved' AND details LIKE @like", new { like = $"request {request} %" }));
            Assert.Equal(1, Count("SELECT count(*) FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = @email", new { email = $"sam{round}@clinic.example.org" }));
            Assert.Single(_factory.MailTo($"sam{round}@clinic.example.org"));
        }

        moderators.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task Ten_wrong_passwords_at_once_lock_the_account()
    {
        _factory.CreateUser("target@example.org", "clinic");
        var clients = Enumerable.Range(0, 10).Select(_ => _factory.Client()).ToList();
        var tokens = await Task.WhenAll(clients.Select(c => c.TokenAsync("/portal/login")));

        await Task.WhenAll(clients.Select((c, i) => c.PostAsync("/portal/login", new FormUrlEncodedContent(
            [new(FormPoster.TokenField, tokens[i]), new("Email", "target@example.org"), new("Password", "wrong password " + i)]))));

        var user = Service<Accounts>().ByEmail("target@example.org")!;
        Assert.NotNull(user.LockedUntil);
        using var client = _factory.Client();
        var right = await client.LoginAsync("target@example.org");
        Assert.NotEqual(HttpStatusCode.Redirect, right.StatusCode);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task A_moderator_cannot_decide_their_own_change()
    {
        var moderator = _factory.CreateUser("self@example.org", "moderator", 5);
        var change = Propose(moderator.Id, 5, "My own change");
        using var client = _factory.Client();
        await client.LoginAsync("self@example.org");

        var response = await client.PostPageAsync($"/admin/changes/{change}", $"/admin/changes/{change}?handler=Approve");

        Assert.Equal("pending", Service<ListingEdits>().Change(change)!.Status);
        Assert.Equal("/portal/denied", response.Headers.Location?.AbsolutePath);
        var denied = await client.GetAsync("/portal/denied");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Moderators_approving_and_rejecting_one_access_request_at_once_make_one_decision()
    {
        var moderators = await Moderators(4);
        for (var round = 0; round < 5; round++)
        {
            long request;
            using (var connection = Service<Db>().Open())
            {
                request = connection.ExecuteScalar<long>(
                    "INSERT INTO access_requests (clinic_id, name, email, job_title, created_at) VALUES (6, 'Kim', @email, 'Director', '2026-11-23') RETURNING id",
                    new { email = $"kim{round}@clinic.example.org" });
            }

            var tokens = await Task.WhenAll(moderators.Select(m => m.TokenAsync("/admin")));

            await Task.WhenAll(moderators.Select((m, i) => m.PostAsync($"/admin?handler={(i % 2 == 0 ? "ApproveRequest" : "RejectRequest")}&id={request}",
                new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[i])]))));

            var approved = Count("SELECT count(*) FROM audit_log WHERE action = 'access-approved' AND details LIKE @like", new { like = $"request {request} %" });
            var rejected = Count("SELECT count(*) FROM audit_log WHERE action = 'access-rejected' AND details = @details", new { details = $"request {request}" });
            Assert.Equal(1, approved + rejected);
            Assert.Equal(approved, _factory.MailTo($"kim{round}@clinic.example.org").Count);
            using var check = Service<Db>().Open();
            Assert.Equal(approved == 1 ? "approved" : "rejected", check.ExecuteScalar<string>("SELECT status FROM access_requests WHERE id = @request", new { request }));
        }

        moderators.ForEach(m => m.Dispose());
    }

    [Fact]
    public async Task A_rejection_is_reported_as_a_rejection_and_tells_the_clinic_it_was_not_approved()
    {
        var author = _factory.CreateUser("rejected-author@clinic.example.org", "clinic", 12);
        var moderator = _factory.CreateUser("rejecting-moderator@example.org", "moderator");
        var change = Propose(author.Id, 12, "A change nobody wants");
        using var client = _factory.Client();
        await client.LoginAsync("rejecting-moderator@example.org");

        var response = await client.PostPageAsync($"/admin/changes/{change}", $"/admin/changes/{change}?handler=Reject", ("Note", "Not this time."));

        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        Assert.Equal("rejected", Service<ListingEdits>().Change(change)!.Status);
        Assert.Contains("were not approved", Assert.Single(_factory.MailTo("rejected-author@clinic.example.org")));
        Assert.Equal(ApprovalOutcome.AlreadyDecided, Service<ListingEdits>().Reject(change, moderator.Id, "again"));
        var second = Propose(author.Id, 12, "Another change");
        Assert.Equal(ApprovalOutcome.Rejected, Service<ListingEdits>().Reject(second, moderator.Id, "no"));
    }

    [Fact]
    public async Task A_moderator_who_invites_a_colleague_cannot_approve_or_reject_that_invitation()
    {
        // A moderator who is also staff of listing 6 invites a colleague, then tries to decide the request himself.
        _factory.CreateUser("staff-moderator@example.org", "moderator", 6);
        using var client = _factory.Client();
        await client.LoginAsync("staff-moderator@example.org");
        await client.PostPageAsync("/portal/listings/6/edit", "/portal/listings/6/edit?handler=Invite", ("colleague", "friend@clinic.example.org"));
        long request;
        using (var connection = Service<Db>().Open())
        {
            request = connection.ExecuteScalar<long>("SELECT id FROM access_requests WHERE email = 'friend@clinic.example.org' AND clinic_id = 6");
        }

        var approve = await client.PostPageAsync("/admin", $"/admin?handler=ApproveRequest&id={request}");
        var reject = await client.PostPageAsync("/admin", $"/admin?handler=RejectRequest&id={request}");

        Assert.Equal("/portal/denied", approve.Headers.Location?.AbsolutePath);
        Assert.Equal("/portal/denied", reject.Headers.Location?.AbsolutePath);
        Assert.Null(Service<Accounts>().ByEmail("friend@clinic.example.org"));
        Assert.Empty(_factory.MailTo("friend@clinic.example.org"));
        using (var connection = Service<Db>().Open())
        {
            Assert.Equal("pending", connection.ExecuteScalar<string>("SELECT status FROM access_requests WHERE id = @request", new { request }));
        }

        // Another moderator decides it.
        _factory.CreateUser("other-moderator@example.org", "moderator");
        using var other = _factory.Client();
        await other.LoginAsync("other-moderator@example.org");
        var approved = await other.PostPageAsync("/admin", $"/admin?handler=ApproveRequest&id={request}");
        Assert.Equal("/admin", approved.Headers.Location?.OriginalString);
        Assert.Contains("set-password?token=", Assert.Single(_factory.MailTo("friend@clinic.example.org")));
    }

    [Fact]
    public async Task A_moderator_cannot_reject_their_own_access_request()
    {
        _factory.CreateUser("asks-too@example.org", "moderator");
        using var visitor = _factory.Client();
        var slug = _factory.Listing(11).Slug;
        await visitor.PostPageAsync($"/clinics/{slug}/claim", $"/clinics/{slug}/claim", ("Form.Name", "Sam"), ("Form.Email", "asks-too@example.org"), ("Form.Role", "Director"));
        long request;
        using (var connection = Service<Db>().Open())
        {
            request = connection.ExecuteScalar<long>("SELECT id FROM access_requests WHERE email = 'asks-too@example.org' AND clinic_id = 11");
        }

        using var client = _factory.Client();
        await client.LoginAsync("asks-too@example.org");
        var reject = await client.PostPageAsync("/admin", $"/admin?handler=RejectRequest&id={request}");

        Assert.Equal("/portal/denied", reject.Headers.Location?.AbsolutePath);
        using var check = Service<Db>().Open();
        Assert.Equal("pending", check.ExecuteScalar<string>("SELECT status FROM access_requests WHERE id = @request", new { request }));
    }

    [Fact]
    public void The_audit_log_refuses_an_insert_that_would_replace_an_entry()
    {
        using var connection = Service<Db>().Open();
        connection.Execute("INSERT INTO audit_log (at, action, details) VALUES ('2026-11-23', 'original', 'kept')");
        var id = connection.ExecuteScalar<long>("SELECT max(id) FROM audit_log");

        // Each database's own way to write over a row that has the same key.
        var replace = connection.IsPostgres()
            ? "INSERT INTO audit_log (id, at, action, details) VALUES (@id, '2026-11-23', 'forged', '') ON CONFLICT (id) DO UPDATE SET action = excluded.action"
            : "INSERT OR REPLACE INTO audit_log (id, at, action, details) VALUES (@id, '2026-11-23', 'forged', '')";
        Assert.ThrowsAny<System.Data.Common.DbException>(() => connection.Execute(replace, new { id }));
        Assert.Equal("original", connection.ExecuteScalar<string>("SELECT action FROM audit_log WHERE id = @id", new { id }));
    }
}
