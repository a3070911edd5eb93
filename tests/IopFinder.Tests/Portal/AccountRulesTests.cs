using IopFinder.Web.Portal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Portal;

public sealed class AccountRulesTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 10 };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

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
}
