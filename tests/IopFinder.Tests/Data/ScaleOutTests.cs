using System.Collections.Concurrent;
using System.Diagnostics;
using IopFinder.Tests.Deployment;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Identity;

namespace IopFinder.Tests.Data;

/// <summary>
/// Two site processes on one PostgreSQL database, as behind a load balancer: what one does, the other
/// shows by its next checks for changes (every 500 ms), and a visitor can move between them freely.
/// </summary>
public sealed class ScaleOutTests : IDisposable
{
    private readonly string _database = Postgres.CreateDatabase();
    private readonly TempFolder _folder = new();

    // A real mail server: each delivery is its own file, so a message sent twice shows as two.
    private readonly SmtpSink _sink = new();

    public void Dispose()
    {
        _sink.Dispose();
        Postgres.DropDatabase(_database);
        _folder.Dispose();
    }

    private string[] DatabaseArguments => ["--Database:Provider=postgres", "--Database:ConnectionString=" + _database];

    /// <summary>The build output as a production site on its own port, on the shared database, both sending mail as soon as it is due.</summary>
    private Task<SiteProcess> StartSiteAsync() => SiteProcess.StartBuildAsync(_folder.Path, new Dictionary<string, string>
    {
        ["Database__Provider"] = "postgres",
        ["Database__ConnectionString"] = _database,
        ["Directory__DemoClinics"] = "300",
        ["Email__Mode"] = "smtp",
        ["Email__Host"] = "127.0.0.1",
        ["Email__Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email__Security"] = "none",
        ["Email__Outbox__PollSeconds"] = "0.1",
    });

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Two_sites_on_one_database_share_sign_ins_claims_and_imports()
    {
        // Started at the same moment on an empty database: one migrates and seeds, the other waits and finds it done.
        var sites = await Task.WhenAll(StartSiteAsync(), StartSiteAsync());
        await using var first = sites[0];
        await using var second = sites[1];
        using var db = Db.Parse("postgres:" + _database);
        Assert.Equal(300, new ClinicQueries(db).Count());
        var moderator = new Accounts(db, new PasswordHasher<User>(), TimeProvider.System).Ensure("mod@iopfinder.example.org", "Mod", "moderator");
        new Accounts(db, new PasswordHasher<User>(), TimeProvider.System).SetPassword(moderator.Id, PortalHelpers.Password);
        var cookies = new ConcurrentDictionary<string, string>();
        using var onFirst = Browser(first, cookies);
        using var onSecond = Browser(second, cookies);

        // Signed in on the first site, the same cookie is a valid sign-in on the second (shared keys).
        var signIn = await onFirst.LoginAsync("mod@iopfinder.example.org");
        Assert.Equal("/admin", signIn.Headers.Location?.OriginalString);
        var admin = await onSecond.GetAsync("/admin");
        Assert.Equal(System.Net.HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("access-requests", await admin.Content.ReadAsStringAsync());

        // A clinic asks for access on the first site; a moderator approves it on the second; the first
        // site's listing page, cached before the approval, shows the listing as claimed.
        var listing = new ClinicQueries(db).ById(5)!;
        using var visitor = Browser(first, new ConcurrentDictionary<string, string>());
        await visitor.PostPageAsync($"/clinics/{listing.Slug}/claim", $"/clinics/{listing.Slug}/claim",
            ("Form.Name", "Dana Lee"), ("Form.Email", "dana@clinic.example.org"), ("Form.Role", "Program director"), ("Form.Note", ""));
        await onFirst.GetStringAsync(listing.Url);
        Assert.DoesNotContain("claimed-badge", await onFirst.GetStringAsync(listing.Url));
        var queue = await onSecond.GetDocumentAsync("/admin");
        var requestId = queue.QuerySelector("#access-requests li")!.GetAttribute("data-request-id");
        // The moderator, with both sites open, approves on each at the same moment: one approval, one invitation.
        var tokens = await Task.WhenAll(onFirst.TokenAsync("/admin"), onSecond.TokenAsync("/admin"));
        var decisions = await Task.WhenAll(new[] { onFirst, onSecond }.Select((client, i) => client.PostAsync($"/admin?handler=ApproveRequest&id={requestId}",
            new FormUrlEncodedContent([new(FormPoster.TokenField, tokens[i])]))));
        Assert.Equal([System.Net.HttpStatusCode.Redirect, System.Net.HttpStatusCode.NotFound], decisions.Select(d => d.StatusCode).Order());
        using (var connection = db.Open())
        {
            Assert.Equal(1, Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM audit_log WHERE action = 'access-approved'"));
        }

        // Both sites' senders look for due mail ten times a second: the invitation is still delivered once.
        Assert.Single(await _sink.MessagesToAsync("dana@clinic.example.org"));
        await Task.Delay(500);
        Assert.Single(_sink.Messages, mail => mail.Contains("dana@clinic.example.org", StringComparison.Ordinal));
        Assert.Contains("claimed-badge", await WaitForChange(onFirst, listing.Url, html => html.Contains("claimed-badge", StringComparison.Ordinal)));

        // An import from the command line, a third process, reaches both sites' directory searches.
        var near = "/clinics?near=22902&radius=10";
        await onFirst.GetStringAsync(near);
        await onSecond.GetStringAsync(near);
        var file = ImportFiles.OneCharlottesvilleIop(Path.Combine(_folder.Path, "import.csv"), "harborlight-scale-out", "Harborlight Scale Out Program");
        var (exit, output) = await CliProcess.RunAsync(DatabaseArguments, ["import", "csv", file]);
        Assert.True(exit == 0, output);
        var imported = await Task.WhenAll(
            WaitForChange(onFirst, near, html => html.Contains("Harborlight Scale Out Program", StringComparison.Ordinal)),
            WaitForChange(onSecond, near, html => html.Contains("Harborlight Scale Out Program", StringComparison.Ordinal)));
        Assert.All(imported, html => Assert.Contains("Harborlight Scale Out Program", html));
        var export = Path.Combine(_folder.Path, "export.csv");
        var (exported, exportOutput) = await CliProcess.RunAsync(DatabaseArguments, ["export", "csv", export]);
        Assert.True(exported == 0, exportOutput);
        Assert.True(File.ReadLines(export).Count() > 300, "every listing exported");
        Assert.Contains(File.ReadLines(export), line => line.StartsWith("harborlight-scale-out,", StringComparison.Ordinal));

        // One visitor's reports are counted together, whichever site takes them: five in ten minutes, not five each.
        var report = $"/clinics/{listing.Slug}/report";
        for (var i = 0; i < Web.Infrastructure.RateLimits.ReportsPerWindow; i++)
        {
            var sent = await (i % 2 == 0 ? visitor : onSecond).PostPageAsync(report, report, ("Form.Kind", "wrong_phone"), ("Form.Message", $"Report {i}"));
            Assert.Equal(System.Net.HttpStatusCode.Redirect, sent.StatusCode);
        }

        var refused = await onSecond.PostPageAsync(report, report, ("Form.Kind", "wrong_phone"), ("Form.Message", "One too many"));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    /// <summary>Waits for a committed change by the site's own checks for changes, as its /healthz counts them (<see cref="ChangeWait"/>).</summary>
    private static Task<string> WaitForChange(HttpClient client, string url, Func<string, bool> done) =>
        ChangeWait.UntilShownAsync(client, url, done, () => ChecksAsync(client));

    private static async Task<long> ChecksAsync(HttpClient client)
    {
        var health = await client.GetStringAsync("/healthz");
        var checks = System.Text.RegularExpressions.Regex.Match(health, @"\ndirectory: \w+ \(.*; (\d+) checks for changes");
        Assert.True(checks.Success, health);
        return long.Parse(checks.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A browser's cookies kept by hand: the sites mark their cookies Secure (as in production), and
    /// these speak plain HTTP on loopback, where HttpClient's own cookie jar would not send them.
    /// </summary>
    private static HttpClient Browser(SiteProcess site, ConcurrentDictionary<string, string> jar) =>
        new(new CookieJar(jar) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } }) { BaseAddress = site.Address };

    private sealed class CookieJar(ConcurrentDictionary<string, string> jar) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!jar.IsEmpty)
            {
                request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                if (pair[1].Length == 0)
                {
                    jar.TryRemove(pair[0], out _);
                }
                else
                {
                    jar[pair[0]] = pair[1];
                }
            }

            return response;
        }
    }
}
