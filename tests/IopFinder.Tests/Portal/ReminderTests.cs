using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IopFinder.Tests.Portal;

/// <summary>
/// The openings reminders through the real SMTP sink, on a fixed clock: once a week per listing however many
/// instances run the job, paused on request, and a link that changes one listing's openings, once, for a week,
/// signing nobody in. On SQLite, and on PostgreSQL in the suite's second pass.
/// </summary>
public sealed partial class ReminderTests : IDisposable
{
    private readonly SmtpSink _sink = new();
    private readonly MovableClock _clock = new(new DateTimeOffset(2027, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly SiteFactory _site;

    public ReminderTests() => _site = new SiteFactory
    {
        DemoClinics = 60,
        Clock = _clock,
        Settings = new Dictionary<string, string>
        {
            ["Email:Mode"] = "smtp",
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "none",
            ["Reminders:Enabled"] = "false",
        },
    };

    public void Dispose()
    {
        _site.Dispose();
        _sink.Dispose();
    }

    private T Service<T>() where T : notnull => _site.Services.GetRequiredService<T>();

    /// <summary>The reminder job as another instance on the same database runs it: its own connections, the same clock.</summary>
    private Reminders AnotherInstance()
    {
        var db = _site.ConnectionString is { } connectionString ? Db.Parse("postgres:" + connectionString) : new Db(_site.DatabasePath);
        var services = _site.Services;
        var outbox = new IopFinder.Web.Mail.Outbox(db, services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), _clock,
            services.GetRequiredService<IOptions<IopFinder.Web.Mail.EmailOptions>>());
        var mail = new PortalMail(outbox, services.GetRequiredService<IOptions<IopFinder.Web.Options.SiteOptions>>());
        var audit = new Audit(db, _clock, services.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>());
        var calendar = services.GetRequiredService<OpeningsCalendar>();
        var updates = new OpeningsUpdates(db, services.GetRequiredService<ClinicIndex>(), audit, calendar, _clock);
        return new Reminders(db, mail, updates, calendar, audit, _clock, services.GetRequiredService<IOptions<ReminderOptions>>(),
            services.GetRequiredService<SiteMetrics>(), NullLogger<Reminders>.Instance);
    }

    private async Task<string> ReminderLinkAsync(string address)
    {
        _site.DeliverMail();
        var message = (await _sink.MessagesToAsync(address)).Last();
        return LinkPattern().Match(message).Value;
    }

    [Fact]
    public async Task Two_instances_running_the_job_at_once_send_each_due_listing_one_reminder_a_week()
    {
        _site.CreateUser("ana@clinic.example.org", "clinic", 3);
        _site.CreateUser("ben@clinic.example.org", "clinic", 4);
        _site.CreateUser("cy@clinic.example.org", "clinic", 4);
        Service<OpeningsUpdates>().Update(5, null, OpeningsSource.Moderator, OpeningStatus.Open, null, null);
        _site.CreateUser("fresh@clinic.example.org", "clinic", 5);
        using (var connection = Service<Db>().Open())
        {
            // Verified yesterday, openings confirmed today: nothing is due for listing 5.
            connection.Execute("UPDATE clinics SET last_verified = '2027-02-28' WHERE id = 5");
        }

        // The job run by three instances at the same moment (a site and cron, say), then the daily runs of all three.
        var instances = new[] { Service<Reminders>(), AnotherInstance(), AnotherInstance() };
        var lists = instances.Select(r => r.Due()).ToList();
        Assert.All(lists, due => Assert.Equal(new long[] { 3, 4 }, due.Select(d => d.Id).Where(id => id is 3 or 4 or 5)));
        var runs = await Task.WhenAll(instances.Select((r, i) => Task.Run(() => r.Remind(lists[i]))));
        var daily = await Task.WhenAll(instances.Select(r => Task.Run(r.RunIfDue)));
        _site.DeliverMail();

        Assert.Equal(2, runs.Sum(r => r.ListingsReminded));
        Assert.Single(daily, r => r.Ran);
        Assert.All(daily, r => Assert.Equal(0, r.ListingsReminded));
        Assert.Single(await _sink.MessagesToAsync("ana@clinic.example.org"));
        Assert.Single(_sink.Messages, m => m.Contains("To: ben@clinic.example.org", StringComparison.Ordinal));
        Assert.Single(_sink.Messages, m => m.Contains("To: cy@clinic.example.org", StringComparison.Ordinal));
        Assert.DoesNotContain(_sink.Messages, m => m.Contains("fresh@clinic.example.org", StringComparison.Ordinal));
        Assert.Equal(3, _sink.Messages.Count);

        _clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, Service<Reminders>().Run().ListingsReminded);
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.True(Service<Reminders>().RunIfDue().Ran);
        _site.DeliverMail();
        // Delivered: the outbox has handed every due message to the server, which stores each before it answers.
        Assert.Equal(2, _sink.Messages.Count(m => m.Contains("To: ana@clinic.example.org", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Staff_can_pause_a_listings_reminders_and_resume_them()
    {
        _site.CreateUser("dee@clinic.example.org", "clinic", 6);
        using var client = _site.Client();
        await client.LoginAsync("dee@clinic.example.org");
        var page = "/portal/listings/6/openings";

        var paused = await client.PostPageAsync(page, page + "?handler=Reminders&pause=true");
        var pausedRun = Service<Reminders>().Run();
        await client.PostPageAsync(page, page + "?handler=Reminders&pause=false");
        var resumedRun = Service<Reminders>().Run();

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal(0, pausedRun.ListingsReminded);
        Assert.Equal(1, resumedRun.ListingsReminded);
        Assert.Contains("/openings/6/confirm?token=", await ReminderLinkAsync("dee@clinic.example.org"));
    }

    [Fact]
    public async Task A_reminder_link_updates_its_listings_openings_once_for_a_week_and_signs_nobody_in()
    {
        _site.CreateUser("eve@clinic.example.org", "clinic", 7);
        _site.CreateUser("fay@clinic.example.org", "clinic", 8);
        Service<Reminders>().Run();
        var link = await ReminderLinkAsync("eve@clinic.example.org");
        var otherLink = await ReminderLinkAsync("fay@clinic.example.org");
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        using var client = _site.Client();
        var before8 = _site.Listing(8).Openings;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        // The same token on another listing's address: not found, and listing 8 is untouched.
        var wrongListing = await client.PostPageAsync(link, $"/openings/8/confirm?token={token}", ("Token", token), ("Status", "open"));
        Assert.Equal(HttpStatusCode.NotFound, wrongListing.StatusCode);
        Assert.Equal(before8, _site.Listing(8).Openings);
        var bad = await client.PostPageAsync(link, link, ("Token", token), ("Status", "waitlist"), ("WaitWeeks", "10000"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        // Sent twice at once (a double click, two colleagues): the link works for one of them only.
        var pageToken = await client.TokenAsync(link);
        using var colleague = _site.Client();
        var colleagueToken = await colleague.TokenAsync(link);
        var both = await Task.WhenAll(
            client.PostAsync(link, new FormUrlEncodedContent([new(FormPoster.TokenField, pageToken), new("Token", token), new("Status", "next-start"), new("NextStart", "2027-03-08")])),
            colleague.PostAsync(link, new FormUrlEncodedContent([new(FormPoster.TokenField, colleagueToken), new("Token", token), new("Status", "next-start"), new("NextStart", "2027-03-08")])));
        var saved = Assert.Single(both, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(both, r => r.StatusCode == HttpStatusCode.Gone);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Confirmed by the clinic.", await saved.Content.ReadAsStringAsync());
        Assert.False(saved.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("iopf-auth", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/listings/7/openings")).StatusCode);
        var listing = _site.Listing(7);
        Assert.Equal(("next-start", "2027-03-08", "2027-03-01", "clinic"), (listing.OpeningsStatus, listing.OpeningsNextStart, listing.OpeningsAsOf, listing.OpeningsSource));
        // Past the page's own check, the link's transaction refuses a second use.
        Assert.Equal((ReminderLink.Used, OpeningsOutcome.NotFound), Service<Reminders>().Use(7, token, OpeningStatus.Full, null, null) is var (state, outcome, _) ? (state, outcome) : default);
        var replay = await client.PostPageAsync(otherLink, link, ("Token", token), ("Status", "full"));
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.Equal("next-start", _site.Listing(7).OpeningsStatus);

        // A link whose person was disabled stops working at once: fay can no longer change listing 8.
        var fay = Service<Accounts>().ByEmail("fay@clinic.example.org")!;
        Service<Accounts>().SetDisabled(fay.Id, true);
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(otherLink)).StatusCode);
        Service<Accounts>().SetDisabled(fay.Id, false);

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(otherLink)).StatusCode);
        var otherToken = otherLink[(otherLink.IndexOf("token=", StringComparison.Ordinal) + 6)..];
        Assert.Equal(HttpStatusCode.Gone, (await client.PostPageAsync("/portal/login", otherLink, ("Token", otherToken), ("Status", "open"))).StatusCode);
        Assert.Equal(before8, _site.Listing(8).Openings);
        using var connection = Service<Db>().Open();
        Assert.Equal(1, connection.ExecuteScalar<long>("SELECT count(*) FROM openings_updates WHERE clinic_id = 7"));
    }

    [GeneratedRegex(@"/openings/\d+/confirm\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();
}
