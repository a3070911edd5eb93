using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

public sealed class AccountRulesTests(ClassSite site) : IClassFixture<ClassSite>
{
    private readonly SiteFactory _factory = site;

    [Theory]
    [InlineData("bbbbbbbbbbbb")]
    [InlineData("abcabcabcabc")]
    [InlineData("1212121212121212")]
    [InlineData("pat.jones@clinic.org")]
    [InlineData("my pat.jones secret")]
    public void Long_but_guessable_passwords_and_the_accounts_own_email_are_refused(string password)
    {
        Assert.NotNull(Accounts.PasswordProblem(password, "pat.jones@clinic.org"));
    }

    [Fact]
    public void An_ordinary_long_passphrase_is_accepted()
    {
        Assert.Null(Accounts.PasswordProblem("violet kettle under seven bridges", "pat.jones@clinic.org"));
    }

    [Fact]
    public async Task Setting_a_password_spends_every_other_unused_link_for_the_account()
    {
        var accounts = _factory.Services.GetRequiredService<Accounts>();
        var user = accounts.Ensure("new@example.org", "New Person", "clinic");
        var first = accounts.IssueToken(user.Id, "invite");
        var second = accounts.IssueToken(user.Id, "reset");
        using var client = _factory.Client();
        var page = "/portal/set-password?token=" + first;

        var response = await client.PostPageAsync(page, page, ("Token", first), ("Password", "violet kettle under seven bridges"), ("Confirm", "violet kettle under seven bridges"));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(accounts.ById(user.Id)!.PasswordHash);
        Assert.Null(accounts.CheckToken(second));
    }

    [Fact]
    public async Task A_moderator_cannot_disable_an_administrator()
    {
        var admin = _factory.CreateUser("admin@example.org", "admin");
        _factory.CreateUser("mod@example.org", "moderator");
        using var client = _factory.Client();
        await client.LoginAsync("mod@example.org");

        await client.PostPageAsync("/admin/users", "/admin/users?handler=Disable", ("id", admin.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("disabled", "true"));

        Assert.False(_factory.Services.GetRequiredService<Accounts>().ById(admin.Id)!.Disabled);
    }

    [Fact]
    public void An_account_promoted_to_administrator_after_a_moderator_decided_is_still_not_disabled_and_nothing_is_audited()
    {
        var target = _factory.CreateUser("soon.admin@example.org", "clinic");
        var accounts = _factory.Services.GetRequiredService<Accounts>();
        var audited = false;
        // The moderator's page saw a clinic account; it becomes an administrator before the update runs.
        accounts.Promote(target.Email, "admin");

        var changed = accounts.SetDisabled(target.Id, true, mayChangeAdministrators: false, (_, _) => audited = true);

        Assert.False(changed);
        Assert.False(audited);
        Assert.False(accounts.ById(target.Id)!.Disabled);
        Assert.True(accounts.SetDisabled(target.Id, true, mayChangeAdministrators: true));
        Assert.True(accounts.ById(target.Id)!.Disabled);
    }

    [Fact]
    public async Task Clinic_staff_see_a_moderator_on_their_history_page_by_role_not_by_address()
    {
        var staff = _factory.CreateUser("staff@example.org", "clinic", 3);
        var moderator = _factory.CreateUser("private.moderator@example.org", "moderator");
        _factory.Services.GetRequiredService<Audit>().Record(moderator.Id, "change-approved", 3, "change 1: wait_note");
        _factory.Services.GetRequiredService<ListingEdits>().ConfirmAccurate(staff.Id, 3);
        using var client = _factory.Client();
        await client.LoginAsync("staff@example.org");

        var html = await client.GetStringAsync("/portal/listings/3/history");

        Assert.DoesNotContain("private.moderator@example.org", html);
        Assert.Contains("an IopFinder moderator", html);
        Assert.Contains("staff@example.org", html);
    }

    [Fact]
    public async Task An_administrator_adds_a_moderator_who_gets_a_link_and_can_moderate()
    {
        _factory.CreateUser("admin@example.org", "admin");
        using var admin = _factory.Client();
        await admin.LoginAsync("admin@example.org");

        var response = await admin.PostPageAsync("/admin/users", "/admin/users?handler=AddModerator", ("ModeratorEmail", "new.moderator@example.org"));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var user = _factory.Services.GetRequiredService<Accounts>().ByEmail("new.moderator@example.org")!;
        Assert.Equal("moderator", user.Role);
        var message = Assert.Single(_factory.MailTo("new.moderator@example.org"));
        Assert.Contains("set-password", message);
        using var moderator = _factory.Client();
        var link = PortalHelpers.Link(message);
        await moderator.PostPageAsync(link, "/portal/set-password", ("Token", link.Split('=')[1]), ("Password", "violet kettle under seven bridges"), ("Confirm", "violet kettle under seven bridges"));
        await moderator.LoginAsync("new.moderator@example.org", "violet kettle under seven bridges");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await moderator.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task A_moderator_cannot_add_moderators()
    {
        _factory.CreateUser("mod@example.org", "moderator");
        using var client = _factory.Client();
        await client.LoginAsync("mod@example.org");

        await client.PostPageAsync("/admin/users", "/admin/users?handler=AddModerator", ("ModeratorEmail", "friend@example.org"));

        Assert.Null(_factory.Services.GetRequiredService<Accounts>().ByEmail("friend@example.org"));
    }
}
