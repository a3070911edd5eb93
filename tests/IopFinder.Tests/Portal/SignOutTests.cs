using System.Net;
using Microsoft.Data.Sqlite;

namespace IopFinder.Tests.Portal;

public sealed class SignOutTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 20 };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

    [Fact]
    public async Task Signing_out_from_the_portal_page_works_and_ends_the_session_for_a_copied_cookie_too()
    {
        _factory.CreateUser("staff@example.org", "clinic", 2);
        using var client = _factory.Client();
        var login = await client.LoginAsync("staff@example.org");
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("iopf-auth=", StringComparison.Ordinal));
        using var replay = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri(SiteFactory.BaseUrl), AllowAutoRedirect = false, HandleCookies = false,
        });
        async Task<HttpStatusCode> ReplayAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/portal/listings/2/edit");
            request.Headers.Add("Cookie", cookie);
            return (await replay.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ReplayAsync());
        var portal = await client.GetDocumentAsync("/portal");
        var form = portal.QuerySelector("form[action='/portal/logout']")!;
        var token = form.QuerySelector($"input[name='{FormPoster.TokenField}']")?.GetAttribute("value");
        Assert.NotNull(token);

        var signOut = await client.PostAsync("/portal/logout", new FormUrlEncodedContent([new(FormPoster.TokenField, token)]));

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/portal/listings/2/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync());
    }

    [Fact]
    public async Task A_reset_request_answers_the_same_when_the_mail_server_fails_and_never_shows_its_error()
    {
        using var broken = new SiteFactory
        {
            DemoClinics = 5,
            // Nothing listens on port 9 (discard) on loopback: every send fails.
            Settings = new Dictionary<string, string> { ["Email:Mode"] = "smtp", ["Email:Host"] = "127.0.0.1", ["Email:Port"] = "9" },
        };
        broken.CreateUser("known@example.org");
        using var client = broken.Client();

        var known = await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "known@example.org"));
        var unknown = await client.PostPageAsync("/portal/forgot", "/portal/forgot", ("Email", "nobody@example.org"));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        var knownText = Html.Parse(await known.Content.ReadAsStringAsync()).GetElementById("reset-sent")!.TextContent;
        var unknownText = Html.Parse(await unknown.Content.ReadAsStringAsync()).GetElementById("reset-sent")!.TextContent;
        Assert.Equal(knownText, unknownText);
        SqliteConnection.ClearAllPools();
    }
}
