using System.Net;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

public sealed class PortalSecurityTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    private HttpClient Client() => _factory.Client();

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_secure_and_same_site_lax()
    {
        _factory.CreateUser("staff@clinic.example.org", "clinic", 1);
        using var client = Client();

        using var response = await client.LoginAsync("staff@clinic.example.org");

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("iopf-auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("httponly", cookie);
        Assert.Contains("secure", cookie);
        Assert.Contains("samesite=lax", cookie);
    }

    [Fact]
    public void Passwords_are_hashed_with_at_least_210000_pbkdf2_iterations()
    {
        // Other test sites hash with fewer iterations to save time; this one keeps the site's own setting.
        using var ownSetting = new SiteFactory { DemoClinics = 0, PasswordIterations = null };
        var user = ownSetting.CreateUser("hash@clinic.example.org");

        var bytes = Convert.FromBase64String(user.PasswordHash!);
        var iterations = (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8];

        Assert.Equal(1, bytes[0]);
        Assert.True(iterations >= 210_000, $"{iterations} iterations");
        Assert.Equal(PasswordVerificationResult.Success, ownSetting.Services.GetRequiredService<IPasswordHasher<User>>().VerifyHashedPassword(user, user.PasswordHash!, PortalHelpers.Password));
    }

    [Theory]
    [InlineData("short")]
    [InlineData("elevenchars")]
    [InlineData("password1234")]
    [InlineData("Qwerty123456")]
    public void Short_and_common_passwords_are_refused(string password)
    {
        Assert.NotNull(Accounts.PasswordProblem(password));
    }

    [Fact]
    public void A_long_uncommon_password_is_accepted()
    {
        Assert.Null(Accounts.PasswordProblem("river lantern october cedar"));
    }

    [Fact]
    public async Task Changing_the_password_or_disabling_the_account_signs_out_everywhere()
    {
        var user = _factory.CreateUser("both@clinic.example.org", "clinic", 1);
        using var first = Client();
        using var second = Client();
        await first.LoginAsync(user.Email);
        await second.LoginAsync(user.Email);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/portal/listings/1/edit")).StatusCode);

        var accounts = _factory.Services.GetRequiredService<Accounts>();
        accounts.SetPassword(user.Id, "a brand new passphrase here");
        using var afterPasswordChange = await first.GetAsync("/portal/listings/1/edit");

        Assert.Equal(HttpStatusCode.Redirect, afterPasswordChange.StatusCode);
        Assert.StartsWith("/portal/login", afterPasswordChange.Headers.Location!.PathAndQuery);

        using var third = Client();
        await third.LoginAsync(user.Email, "a brand new passphrase here");
        accounts.SetDisabled(user.Id, true);
        using var afterDisable = await third.GetAsync("/portal/listings/1/edit");
        Assert.Equal(HttpStatusCode.Redirect, afterDisable.StatusCode);
    }

    [Fact]
    public async Task Sign_in_answers_the_same_whether_or_not_the_account_exists()
    {
        _factory.CreateUser("real@clinic.example.org");
        using var client = Client();

        using var wrongPassword = await client.LoginAsync("real@clinic.example.org", "not the right password");
        using var noAccount = await client.LoginAsync("nobody@clinic.example.org", "not the right password");

        var a = Html.Parse(await wrongPassword.Content.ReadAsStringAsync()).GetElementById("error-summary")!.TextContent;
        var b = Html.Parse(await noAccount.Content.ReadAsStringAsync()).GetElementById("error-summary")!.TextContent;
        Assert.Equal(wrongPassword.StatusCode, noAccount.StatusCode);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Reset_and_access_requests_answer_the_same_whether_or_not_the_email_exists()
    {
        _factory.CreateUser("known@clinic.example.org");
        using var client = Client();

        var known = await (await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "known@clinic.example.org"))).Content.ReadAsStringAsync();
        var unknown = await (await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "unknown@clinic.example.org"))).Content.ReadAsStringAsync();
        var slug = _factory.Listing(2).Slug;
        var claimKnown = await (await client.PostPageAsync($"/clinics/{slug}/claim", $"/clinics/{slug}/claim", ("Form.Name", "A"), ("Form.Email", "known@clinic.example.org"), ("Form.Role", "Director"))).Content.ReadAsStringAsync();
        var claimUnknown = await (await client.PostPageAsync($"/clinics/{slug}/claim", $"/clinics/{slug}/claim", ("Form.Name", "A"), ("Form.Email", "unknown@clinic.example.org"), ("Form.Role", "Director"))).Content.ReadAsStringAsync();

        Assert.Equal(Html.Parse(known).GetElementById("reset-sent")!.TextContent, Html.Parse(unknown).GetElementById("reset-sent")!.TextContent);
        Assert.Equal(Html.Parse(claimKnown).GetElementById("claim-sent")!.TextContent, Html.Parse(claimUnknown).GetElementById("claim-sent")!.TextContent);
        Assert.Single(await _factory.MailToAsync("known@clinic.example.org", 1));
        Assert.Empty(_factory.MailTo("unknown@clinic.example.org"));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_for_a_while()
    {
        _factory.CreateUser("locked@clinic.example.org");
        using var client = Client();

        for (var i = 0; i < Accounts.MaxFailedLogins; i++)
        {
            await client.LoginAsync("locked@clinic.example.org", "wrong password " + i);
        }

        using var correct = await client.LoginAsync("locked@clinic.example.org");

        Assert.Equal(HttpStatusCode.BadRequest, correct.StatusCode);
    }

    [Fact]
    public async Task Sign_in_is_rate_limited_per_client()
    {
        using var client = Client();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await client.LoginAsync($"x{i}@clinic.example.org", "whatever password")).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Password_resets_and_access_requests_are_rate_limited_per_client()
    {
        using var client = Client();
        var slug = _factory.Listing(3).Slug;
        var resets = new List<HttpStatusCode>();
        var claims = new List<HttpStatusCode>();

        for (var i = 0; i < 7; i++)
        {
            resets.Add((await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", $"r{i}@clinic.example.org"))).StatusCode);
            claims.Add((await client.PostPageAsync($"/clinics/{slug}/claim", $"/clinics/{slug}/claim", ("Form.Name", "A"), ("Form.Email", $"c{i}@clinic.example.org"), ("Form.Role", "Nurse"))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, resets[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, claims[^1]);
        Assert.Equal(5, claims.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task A_report_is_dated_by_the_sites_clock_like_every_other_record()
    {
        var clock = new MovableClock(new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero));
        using var factory = new SiteFactory { DemoClinics = 5, Clock = clock };
        using var client = factory.Client();
        var slug = factory.Listing(2).Slug;

        await client.PostPageAsync($"/clinics/{slug}/report", $"/clinics/{slug}/report", ("Form.Kind", "wrong_phone"), ("Form.Message", "Rings out."));

        using var connection = factory.Services.GetRequiredService<Db>().Open();
        Assert.StartsWith("2031-03-04T05:06:07", connection.ExecuteScalar<string>("SELECT created_at FROM clinic_reports WHERE clinic_id = 2"));
    }

    [Fact]
    public async Task Tokens_are_stored_as_hashes_work_once_and_expire()
    {
        var clock = new MovableClock();
        using var factory = new SiteFactory { DemoClinics = 5, Clock = clock };
        var accounts = factory.Services.GetRequiredService<Accounts>();
        var user = accounts.Ensure("new@clinic.example.org", "New", "clinic");
        var token = accounts.IssueToken(user.Id, "invite");
        var expiring = accounts.IssueToken(user.Id, "reset");
        using var client = factory.Client();

        using (var connection = factory.Services.GetRequiredService<Db>().Open())
        {
            Assert.Empty(connection.Query<string>("SELECT token_hash FROM user_tokens WHERE token_hash = @token", new { token }));
        }

        var first = await client.PostPageAsync("/portal/set-password?token=" + token, "/portal/set-password", ("Token", token), ("Password", "plenty long passphrase"), ("Confirm", "plenty long passphrase"));
        var again = await client.PostPageAsync("/portal/forgot", "/portal/set-password", ("Token", token), ("Password", "another long passphrase"), ("Confirm", "another long passphrase"));
        clock.Advance(TimeSpan.FromHours(2));
        using var expired = await client.GetAsync("/portal/set-password?token=" + expiring);

        Assert.Contains("password-set", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("token-invalid", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Equal(SignInOutcome.Success, accounts.SignIn(user.Email, "plenty long passphrase", out _));
    }

    [Fact]
    public async Task Staff_of_one_listing_get_404_for_every_page_and_form_of_another()
    {
        var user = _factory.CreateUser("a@clinic.example.org", "clinic", 1);
        using var client = Client();
        await client.LoginAsync(user.Email);
        var ownToken = await client.TokenAsync("/portal/listings/1/edit");

        foreach (var url in new[] { "/portal/listings/2/edit", "/portal/listings/2/history", "/portal/listings/999999/edit" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(url)).StatusCode);
        }

        foreach (var handler in new[] { "", "?handler=Verify", "?handler=Invite" })
        {
            using var response = await client.PostAsync("/portal/listings/2/edit" + handler, new FormUrlEncodedContent(
                [new(FormPoster.TokenField, ownToken), new("name", "Taken over"), new("colleague", "evil@example.org"), new("baseVersion", _factory.Services.GetRequiredService<IopFinder.Web.Clinics.ClinicQueries>().RowVersion(2).ToString(System.Globalization.CultureInfo.InvariantCulture))]));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Empty(_factory.Services.GetRequiredService<ListingEdits>().Changes("pending", 2));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Forms_without_an_antiforgery_token_are_refused()
    {
        using var client = Client();

        using var response = await client.PostAsync("/portal/login", new FormUrlEncodedContent([new("Email", "a@b.org"), new("Password", "whatever password")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void The_audit_log_refuses_updates_and_deletes()
    {
        var audit = _factory.Services.GetRequiredService<Audit>();
        audit.Record(null, "test", 1, "entry");
        using var connection = _factory.Services.GetRequiredService<Db>().Open();

        Assert.ThrowsAny<System.Data.Common.DbException>(() => connection.Execute("UPDATE audit_log SET action = 'rewritten'"));
        Assert.ThrowsAny<System.Data.Common.DbException>(() => connection.Execute("DELETE FROM audit_log"));
        Assert.Contains(audit.Recent(), e => e.Action == "test");
    }

    [Fact]
    public async Task Sign_ins_survive_a_restart_because_data_protection_keys_are_kept_beside_the_database()
    {
        var folder = new TempFolder();
        HttpResponseMessage login;
        using (var before = new SiteFactory { Folder = folder, DemoClinics = 5 })
        {
            before.CreateUser("keep@clinic.example.org", "clinic", 1);
            using var client = before.Client();
            login = await client.LoginAsync("keep@clinic.example.org");
        }

        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("iopf-auth=", StringComparison.Ordinal)).Split(';')[0];
        using var after = new SiteFactory { Folder = folder, DemoClinics = 5 };
        using var fresh = after.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/listings/1/edit");
        request.Headers.Add("Cookie", cookie);

        using var response = await fresh.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        folder.Dispose();
    }

}

/// <summary>A clock tests can move forward.</summary>
public sealed class MovableClock(DateTimeOffset? start = null) : TimeProvider
{
    private DateTimeOffset _now = start ?? DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
