using Dapper;
using IopFinder.Tests.Deployment;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Identity;

namespace IopFinder.Tests.Mail;

/// <summary>The site killed (SIGKILL) in the middle of sending: the message is sent after a restart, once.</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class OutboxCrashTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SmtpSink _sink = new();

    public void Dispose()
    {
        _sink.Dispose();
        _folder.Dispose();
    }

    private Dictionary<string, string> Settings(int mailPort) => new()
    {
        ["Database__Path"] = Path.Combine(_folder.Path, "site.db"),
        ["Directory__DemoClinics"] = "20",
        ["Email__Mode"] = "smtp",
        ["Email__Host"] = "127.0.0.1",
        ["Email__Port"] = mailPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Security"] = "none",
        ["Email__TimeoutSeconds"] = "120",
        ["Email__Outbox__PollSeconds"] = "0.2",
        ["Email__Outbox__LeaseSeconds"] = "3",
    };

    [Fact]
    public async Task A_site_killed_while_sending_a_reset_sends_it_after_the_restart()
    {
        using var silent = new SilentSmtpServer();
        await using var first = await SiteProcess.StartBuildAsync(_folder.Path, Settings(silent.Port));
        using var db = new Db(Path.Combine(_folder.Path, "site.db"));
        new Accounts(db, new PasswordHasher<User>(), TimeProvider.System).Ensure("kim@clinic.example.org", "Kim", "clinic");
        using (var connection = db.Open())
        {
            // What the forgot-password page commits: the address, to be prepared (account checked, link issued) when sent.
            connection.Execute("INSERT INTO outbox (kind, recipient, subject, next_attempt_at, created_at) VALUES (@kind, 'kim@clinic.example.org', '', @now, @now)",
                new { kind = PasswordResets.Kind, now = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        }

        // The site has prepared the message, committed its link, and is waiting on a mail server that never answers.
        await silent.Connected.WaitAsync(TimeSpan.FromSeconds(30));
        await first.KillAsync();
        using (var connection = db.Open())
        {
            Assert.Equal("pending", connection.ExecuteScalar<string>("SELECT status FROM outbox"));
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM user_tokens WHERE purpose = 'reset'"));
        }

        await using var second = await SiteProcess.StartBuildAsync(_folder.Path, Settings(_sink.Port));

        var reset = Assert.Single(await _sink.MessagesToAsync("kim@clinic.example.org", seconds: 30));
        Assert.Contains("set-password?token=", reset);
        using var check = db.Open();
        // Recorded as sent just after the server accepted it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (check.ExecuteScalar<string>("SELECT status FROM outbox") != "sent" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal("sent", check.ExecuteScalar<string>("SELECT status FROM outbox"));
        // The link sent is the one issued before the crash: the restart did not prepare the message again.
        Assert.Equal(1, check.ExecuteScalar<long>("SELECT count(*) FROM user_tokens WHERE purpose = 'reset'"));
    }
}
