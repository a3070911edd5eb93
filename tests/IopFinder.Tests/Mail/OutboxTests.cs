using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Mail;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IopFinder.Tests.Mail;

/// <summary>
/// The outbox through a real SMTP server (<see cref="SmtpSink"/>): mail is written with the decision that causes
/// it, a mail server that is down delays it and fails nothing, and each message is delivered once however many
/// senders run. On SQLite, and on PostgreSQL in the suite's second pass.
/// </summary>
public sealed partial class OutboxTests : IDisposable
{
    private readonly SmtpSink _sink = new();

    public void Dispose() => _sink.Dispose();

    private SiteFactory Site(int maxAttempts = 12) => new()
    {
        DemoClinics = 60,
        Settings = new Dictionary<string, string>
        {
            ["Email:Mode"] = "smtp",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:TimeoutSeconds"] = "5",
            // The sink is a relay on loopback without TLS; anywhere else STARTTLS is required.
            ["Email:Security"] = "none",
            ["Email:Outbox:PollSeconds"] = "0.2",
            ["Email:Outbox:RetrySeconds"] = "0.2",
            ["Email:Outbox:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        },
    };

    private static (long Attempts, string Status, string? Body, string? LastError)? Row(SiteFactory site, string recipient)
    {
        using var connection = site.Services.GetRequiredService<Db>().Open();
        return connection.QuerySingleOrDefault<(long, string, string?, string?)?>(
            "SELECT attempts, status, body, last_error FROM outbox WHERE recipient = @recipient ORDER BY id DESC LIMIT 1", new { recipient });
    }

    private static async Task<(long Attempts, string Status, string? Body, string? LastError)> WaitForRow(SiteFactory site, string recipient, Func<(long Attempts, string Status, string? Body, string? LastError), bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (Row(site, recipient) is { } row && (done(row) || DateTime.UtcNow > deadline))
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, "no outbox row for the message");
            await Task.Delay(50);
        }
    }

    private static async Task<HttpClient> ModeratorAsync(SiteFactory site, string email = "mod@iopfinder.example.org")
    {
        site.CreateUser(email, "moderator");
        var client = site.Client();
        await client.LoginAsync(email);
        return client;
    }

    [Fact]
    public async Task An_approval_while_the_mail_server_is_down_succeeds_and_the_invitation_arrives_when_it_is_back()
    {
        using var site = Site();
        using var moderator = await ModeratorAsync(site);
        long request;
        using (var connection = site.Services.GetRequiredService<Db>().Open())
        {
            request = connection.ExecuteScalar<long>(
                "INSERT INTO access_requests (clinic_id, name, email, job_title, created_at) VALUES (6, 'Dana', 'dana@clinic.example.org', 'Director', '2026-12-06') RETURNING id");
        }

        _sink.Stop();
        var token = await moderator.TokenAsync("/admin");
        var approval = await moderator.PostAsync($"/admin?handler=ApproveRequest&id={request}", new FormUrlEncodedContent([new(FormPoster.TokenField, token)]));

        Assert.Equal(HttpStatusCode.Redirect, approval.StatusCode);
        var failed = await WaitForRow(site, "dana@clinic.example.org", r => r.LastError is not null);
        Assert.Equal("pending", failed.Status);
        // At rest the one-time link is protected with the site's keys, not readable in the database.
        Assert.DoesNotContain("set-password", failed.Body);
        var queue = await moderator.GetDocumentAsync("/admin");
        Assert.Contains("dana@clinic.example.org", queue.QuerySelector("#undelivered-mail li[data-mail-status=pending]")?.TextContent);
        Assert.Matches(@"outbox: (Healthy|Degraded) \(1 unsent", await moderator.GetStringAsync("/healthz"));

        _sink.Start();

        var invitation = Assert.Single(await _sink.MessagesToAsync("dana@clinic.example.org", seconds: 30));
        Assert.Contains("set-password?token=", invitation);
        var sent = await WaitForRow(site, "dana@clinic.example.org", r => r.Status == "sent");
        Assert.Equal("sent", sent.Status);
        Assert.Null(sent.Body);
        Assert.Empty((await moderator.GetDocumentAsync("/admin")).QuerySelectorAll("#undelivered-mail li"));
        // The log names the message by number and kind: never its address or its link.
        Assert.Contains(site.Logs.Lines, m => m.Contains("access-approved", StringComparison.Ordinal));
        Assert.DoesNotContain(site.Logs.Lines, m => m.Contains("dana@", StringComparison.Ordinal) || m.Contains("token=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mail_that_gave_up_waits_at_admin_until_a_moderator_sends_it_again()
    {
        using var site = Site(maxAttempts: 1);
        using var moderator = await ModeratorAsync(site);
        var staff = site.CreateUser("kim@clinic.example.org", "clinic", 2);
        _sink.Stop();
        var token = await moderator.TokenAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, (await moderator.PostAsync($"/admin/users?handler=Reset&id={staff.Id}", new FormUrlEncodedContent([new(FormPoster.TokenField, token)]))).StatusCode);

        Assert.Equal("failed", (await WaitForRow(site, "kim@clinic.example.org", r => r.Status == "failed")).Status);
        var queue = await moderator.GetDocumentAsync("/admin");
        var item = queue.QuerySelector("#undelivered-mail li[data-mail-status=failed]")!;
        Assert.Contains("kim@clinic.example.org", item.TextContent);
        Assert.Contains("outbox: Degraded", await moderator.GetStringAsync("/healthz"));
        _sink.Start();

        var id = item.GetAttribute("data-mail-id");
        // Two moderators press "Send again" at the same moment: one retry is applied and audited, the other changes nothing.
        using var second = await ModeratorAsync(site, "second-mod@iopfinder.example.org");
        var tokens = await Task.WhenAll(moderator.TokenAsync("/admin"), second.TokenAsync("/admin"));
        var retries = await Task.WhenAll(new[] { moderator, second }.Select((m, i) =>
            m.PostAsync($"/admin?handler=RetryMail&id={id}", new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[i])]))));

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.NotFound], retries.Select(r => r.StatusCode).Order());
        using (var connection = site.Services.GetRequiredService<Db>().Open())
        {
            Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM audit_log WHERE action = 'mail-retried'"));
        }

        Assert.Contains("set-password?token=", Assert.Single(await _sink.MessagesToAsync("kim@clinic.example.org", seconds: 30)));
        await WaitForRow(site, "kim@clinic.example.org", r => r.Status == "sent");
        // Sent, there is nothing to retry: a second moderator's retry changes nothing.
        var again = await moderator.PostAsync($"/admin?handler=RetryMail&id={id}", new FormUrlEncodedContent([new(FormPoster.TokenField, await moderator.TokenAsync("/admin/users"))]));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Single(_sink.Messages, m => m.Contains("kim@clinic.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_and_replayed_sender_runs_deliver_each_message_exactly_once()
    {
        using var site = Site();
        var services = site.Services;
        var letters = Enumerable.Range(0, 30).Select(i => new Letter("test", $"person{i}@clinic.example.org", $"Message {i}", $"Body {i}")).ToList();
        var outbox = services.GetRequiredService<Outbox>();
        var db = services.GetRequiredService<Db>();
        foreach (var letter in letters)
        {
            using var connection = db.Open();
            using var transaction = connection.BeginWrite();
            outbox.Add(connection, transaction, letter);
            transaction.Commit();
        }

        // Four more senders, each with its own connections to the database as another instance would have,
        // racing the site's own sender; then every one of them runs again over the same messages.
        var senders = Enumerable.Range(0, 4).Select(_ => AnotherInstance(site)).ToList();
        await Task.WhenAll(senders.Select(s => Task.Run(() => s.DeliverDueAsync())));
        site.DeliverMail();
        var replayed = await Task.WhenAll(senders.Select(s => s.DeliverDueAsync()));

        Assert.All(replayed, count => Assert.Equal(0, count));
        var received = _sink.Messages;
        Assert.Equal(30, received.Count);
        Assert.All(letters, letter => Assert.Single(received, m => m.Contains("To: " + letter.To, StringComparison.Ordinal)));
        Assert.Equal(30, received.Select(m => MessageIdPattern().Match(m).Value).Distinct().Count());
        using var check = db.Open();
        Assert.Equal(30, check.ExecuteScalar<long>("SELECT count(*) FROM outbox WHERE status = 'sent' AND body IS NULL AND attempts = 1"));
    }

    [Fact]
    public async Task A_reset_for_an_address_without_an_account_sends_nothing_and_keeps_no_trace_of_the_address()
    {
        using var site = Site();
        site.CreateUser("known@clinic.example.org");
        using var client = site.Client();

        await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "stranger@elsewhere.example.org"));
        await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "known@clinic.example.org"));
        site.DeliverMail();

        Assert.Contains("set-password?token=", Assert.Single(await _sink.MessagesToAsync("known@clinic.example.org")));
        Assert.DoesNotContain(_sink.Messages, m => m.Contains("stranger@", StringComparison.Ordinal));
        using var connection = site.Services.GetRequiredService<Db>().Open();
        Assert.Equal(0, connection.ExecuteScalar<long>("SELECT count(*) FROM outbox WHERE recipient LIKE '%stranger%'"));
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM outbox WHERE status = 'dropped' AND recipient = ''"));
    }

    /// <summary>A sender as a second instance on the same database would run it: its own connection pool, the shared keys.</summary>
    private static OutboxSender AnotherInstance(SiteFactory site)
    {
        var services = site.Services;
        var db = site.ConnectionString is { } connectionString ? Db.Parse("postgres:" + connectionString) : new Db(site.DatabasePath);
        var options = services.GetRequiredService<IOptions<EmailOptions>>();
        var outbox = new Outbox(db, services.GetRequiredService<IDataProtectionProvider>(), TimeProvider.System, options);
        return new OutboxSender(outbox, services.GetRequiredService<IMailTransport>(), options, services.GetServices<ILetterPreparer>(),
            services.GetRequiredService<SiteMetrics>(), TimeProvider.System, NullLogger<OutboxSender>.Instance);
    }

    [GeneratedRegex(@"(?im)^Message-Id:\s*\S+")]
    private static partial Regex MessageIdPattern();
}
