using System.Text.RegularExpressions;
using IopFinder.Web.Clinics;
using IopFinder.Web.Portal;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Support;

/// <summary>Accounts, sign-in and the mail sink for portal tests.</summary>
public static partial class PortalHelpers
{
    public const string Password = "correct horse battery staple";

    /// <summary>
    /// The listing edit form's fields as a browser would post them (ticked boxes only, the selected
    /// option), without the antiforgery token, with <paramref name="changed"/> in place of the fields they name.
    /// </summary>
    public static List<(string Name, string Value)> EditFormFields(AngleSharp.Html.Dom.IHtmlDocument form, params (string Name, string Value)[] changed) =>
        form.QuerySelectorAll("#edit-form input[type=text], #edit-form input[type=hidden], #edit-form select, #edit-form textarea, #edit-form input[type=checkbox][checked]")
            .Select(e => (Name: e.GetAttribute("name")!, Value: e.LocalName switch
            {
                "select" => e.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                "textarea" => e.TextContent,
                _ => e.GetAttribute("value") ?? "",
            }))
            .Where(f => f.Name != FormPoster.TokenField && !changed.Any(c => c.Name == f.Name))
            .Concat(changed)
            .ToList();

    public static User CreateUser(this SiteFactory factory, string email, string role = "clinic", params long[] clinicIds)
    {
        var accounts = factory.Services.GetRequiredService<Accounts>();
        var user = accounts.Ensure(email, "Test Person", role);
        accounts.SetPassword(user.Id, Password);
        foreach (var id in clinicIds)
        {
            factory.Services.GetRequiredService<ListingEdits>().AddStaff(user.Id, id, null);
        }

        return accounts.ById(user.Id)!;
    }

    public static Clinic Listing(this SiteFactory factory, long id) => factory.Services.GetRequiredService<ClinicQueries>().ById(id)!;

    public static async Task<HttpResponseMessage> LoginAsync(this HttpClient client, string email, string password = Password)
    {
        var token = await client.TokenAsync("/portal/login");
        return await client.PostAsync("/portal/login", new FormUrlEncodedContent(
        [
            new(FormPoster.TokenField, token), new("Email", email), new("Password", password),
        ]));
    }

    /// <summary>Posts a form on a page (with that page's antiforgery token) and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostPageAsync(this HttpClient client, string page, string action, params (string Name, string Value)[] fields)
    {
        var token = await client.TokenAsync(page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new(FormPoster.TokenField, token))));
    }

    /// <summary>
    /// Sends what the outbox holds that is due, and waits for sends another sender (the site's own) has in hand:
    /// mail is written with a decision and sent after it, so a test reads it after this.
    /// </summary>
    public static void DeliverMail(this SiteFactory factory)
    {
        var sender = factory.Services.GetRequiredService<IopFinder.Web.Mail.OutboxSender>();
        var db = factory.Services.GetRequiredService<IopFinder.Web.Data.Db>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            sender.DeliverDueAsync().GetAwaiter().GetResult();
            using var connection = db.Open();
            if (Dapper.SqlMapper.ExecuteScalar<long>(connection, "SELECT count(*) FROM outbox WHERE status = 'pending' AND claim IS NOT NULL") == 0 || DateTime.UtcNow > deadline)
            {
                return;
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>The messages in the pickup folder, oldest first, once the outbox has sent what is due.</summary>
    public static IReadOnlyList<string> Mail(this SiteFactory factory) =>
        factory.DeliverAndThen(() => Directory.Exists(factory.MailFolder)
            ? Directory.GetFiles(factory.MailFolder, "*.eml").Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f))).OrderBy(f => f.Time).Select(f => DecodeBody(File.ReadAllText(f.File))).ToList()
            : []);

    private static T DeliverAndThen<T>(this SiteFactory factory, Func<T> read)
    {
        factory.DeliverMail();
        return read();
    }

    /// <summary>The messages addressed to <paramref name="address"/>, oldest first: on a site a class shares, its other tests' mail is there too.</summary>
    public static IReadOnlyList<string> MailTo(this SiteFactory factory, string address) =>
        factory.Mail().Where(m => Regex.IsMatch(m, @"(?im)^To:.*\b" + Regex.Escape(address) + @"\b")).ToList();

    /// <summary>The messages to <paramref name="address"/> once at least <paramref name="count"/> have arrived: some mail is sent after the response.</summary>
    public static async Task<IReadOnlyList<string>> MailToAsync(this SiteFactory factory, string address, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (factory.MailTo(address).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        return factory.MailTo(address);
    }

    /// <summary>The set-password link in a message.</summary>
    public static string Link(string message) => "/portal/set-password?token=" + LinkPattern().Match(message).Groups[1].Value;

    /// <summary>Undoes quoted-printable soft line breaks so links can be read whole.</summary>
    private static string DecodeBody(string eml) => eml.Replace("=\r\n", "").Replace("=\n", "").Replace("=3D", "=");

    [GeneratedRegex(@"set-password\?token=([A-Za-z0-9_\-]+)")]
    private static partial Regex LinkPattern();
}
