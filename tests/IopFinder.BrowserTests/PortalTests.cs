using IopFinder.BrowserTests.Support;
using IopFinder.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests;

public sealed class PortalTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static async Task SignIn(IPage page, string email, string password, string loginPage = "/portal/login")
    {
        await page.GotoAsync(loginPage);
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("#sign-in").ClickAsync();
    }

    [Fact]
    public async Task A_clinic_claims_its_listing_and_a_moderated_schedule_change_reaches_the_public_page()
    {
        var listing = fixture.Site.Listing(40);
        var moderatorEmail = $"mod-{Guid.NewGuid():N}@iopfinder.example.org";
        var staffEmail = $"staff-{Guid.NewGuid():N}@clinic.example.org";
        fixture.Site.CreateUser(moderatorEmail, "moderator");
        await using var staff = await fixture.NewSessionAsync();
        await using var moderator = await fixture.NewSessionAsync();

        await staff.RunAsync("portal-journey-staff", async page =>
        {
            await page.GotoAsync(listing.Url);
            await page.Locator("#claim-link").ClickAsync();
            await page.Locator("#Form_Name").FillAsync("Dana Lee");
            await page.Locator("#Form_Email").FillAsync(staffEmail);
            await page.Locator("#Form_Role").FillAsync("Program director");
            await page.Locator("#send-claim").ClickAsync();
            await Expect(page.Locator("#claim-sent")).ToBeVisibleAsync();
        });

        await moderator.RunAsync("portal-journey-moderator-approves-access", async page =>
        {
            await SignIn(page, moderatorEmail, PortalHelpers.Password);
            await Expect(page).ToHaveURLAsync(fixture.BaseUrl + "/admin");
            await page.Locator("#access-requests li", new() { HasText = staffEmail }).Locator("button", new() { HasText = "Approve" }).ClickAsync();
            await Expect(page.Locator("#access-requests li", new() { HasText = staffEmail })).ToHaveCountAsync(0);
        });

        var invitation = fixture.Site.Mail().Last(m => m.Contains(staffEmail, StringComparison.Ordinal));
        await staff.RunAsync("portal-journey-staff-edits", async page =>
        {
            await page.GotoAsync(PortalHelpers.Link(invitation));
            await page.Locator("#Password").FillAsync("evening group passphrase");
            await page.Locator("#Confirm").FillAsync("evening group passphrase");
            await page.Locator("#save-password").ClickAsync();
            await Expect(page.Locator("#password-set")).ToBeVisibleAsync();

            await SignIn(page, staffEmail, "evening group passphrase");
            await page.Locator("#my-listings a", new() { HasText = listing.Name }).ClickAsync();
            await page.Locator("#f-care-iop").CheckAsync();
            // Hours a week and the weekend box follow from the schedule: four evenings of three and a half hours.
            await page.Locator("#f-tracks").FillAsync("Evening IOP | mon tue wed thu | 18:00-21:30 | in_person | english | adults\nWeekend group | sat | 09:00-12:00 | in_person | english | adults");
            await page.Locator("#propose").ClickAsync();
            await Expect(page.Locator("#proposed-notice")).ToBeVisibleAsync();
        });

        await moderator.RunAsync("portal-journey-moderator-approves-change", async page =>
        {
            await page.GotoAsync("/admin");
            await page.Locator("#proposed-changes a", new() { HasText = listing.Name }).First.ClickAsync();
            await Expect(page.Locator("tr[data-field='iop_hours_per_week'] td").Last).ToHaveTextAsync("14");
            await page.Locator("#approve").ClickAsync();
            await Expect(page).ToHaveURLAsync(fixture.BaseUrl + "/admin");
        });

        await staff.RunAsync("portal-journey-public-page", async page =>
        {
            await page.GotoAsync(listing.Url);
            await Expect(page.Locator("#iop-details")).ToContainTextAsync("14");
            await Expect(page.Locator("#iop-details")).ToContainTextAsync("weekend");
            await Expect(page.Locator("#clinic-updated")).ToContainTextAsync("Updated by the clinic on");
            await Expect(page.Locator("#claimed-badge")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Signing_in_on_a_Spanish_page_signs_in_on_English_pages_too_and_forms_work_in_both()
    {
        var email = $"both-languages-{Guid.NewGuid():N}@clinic.example.org";
        fixture.Site.CreateUser(email, "clinic", 43);
        await using var session = await fixture.NewSessionAsync();

        await session.RunAsync("portal-both-languages", async page =>
        {
            await SignIn(page, email, PortalHelpers.Password, "/es/portal/login");
            await Expect(page.Locator("#my-listings li")).ToHaveAttributeAsync("data-clinic-id", "43");

            await page.GotoAsync("/portal");
            await Expect(page.Locator("#my-listings li")).ToHaveAttributeAsync("data-clinic-id", "43");
            var cookies = await page.Context.CookiesAsync();
            Assert.Equal(["/"], cookies.Where(c => c.Name is "iopf-auth" or "iopf-af").Select(c => c.Path).Distinct());

            // An English form posts with the antiforgery cookie the Spanish page set: signing out works.
            await page.Locator("form[action='/portal/logout'] button").ClickAsync();
            await page.GotoAsync("/es/portal");
            await Expect(page.Locator("#my-listings")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Staff_of_one_clinic_cannot_reach_another_clinics_listing()
    {
        var email = $"only-41-{Guid.NewGuid():N}@clinic.example.org";
        fixture.Site.CreateUser(email, "clinic", 41);
        await using var session = await fixture.NewSessionAsync();

        await session.RunAsync("portal-other-listing", async page =>
        {
            await SignIn(page, email, PortalHelpers.Password);
            await Expect(page.Locator("#my-listings li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#my-listings li")).ToHaveAttributeAsync("data-clinic-id", "41");

            var response = await page.GotoAsync("/portal/listings/42/edit");

            Assert.Equal(404, response!.Status);
            await Expect(page.Locator("#error-title")).ToHaveAttributeAsync("data-status", "404");
            Assert.Equal(404, (await page.GotoAsync("/portal/listings/42/history"))!.Status);
            Assert.Equal(200, (await page.GotoAsync("/portal/listings/41/edit"))!.Status);
        });
    }

    [Fact]
    public async Task A_clinic_updates_its_openings_from_the_reminder_email_and_a_family_then_finds_it_starting_within_14_days()
    {
        var listing = Enumerable.Range(44, 16).Select(i => fixture.Site.Listing(i)).First(c => c.Offers(IopFinder.Web.Clinics.ClinicCodes.Care, "iop"));
        var staffEmail = $"openings-{Guid.NewGuid():N}@clinic.example.org";
        fixture.Site.CreateUser(staffEmail, "clinic", listing.Id);
        fixture.Site.Services.GetRequiredService<IopFinder.Web.Portal.Reminders>().Run();
        var reminder = fixture.Site.Mail().Last(m => m.Contains(staffEmail, StringComparison.Ordinal));
        var link = System.Text.RegularExpressions.Regex.Match(reminder, @"/openings/\d+/confirm\?token=[A-Za-z0-9_\-]+").Value;
        var start = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using var clinic = await fixture.NewSessionAsync();
        await using var family = await fixture.NewSessionAsync();

        await clinic.RunAsync("openings-from-reminder", async page =>
        {
            await page.GotoAsync(link);
            await page.Locator("#status-next-start").CheckAsync();
            await page.Locator("#next-start").FillAsync(start);
            await page.Locator("#save-openings").ClickAsync();
            await Expect(page.Locator("#openings-saved")).ToBeVisibleAsync();
            await Expect(page.Locator(".openings")).ToContainTextAsync("Confirmed by the clinic.");
        });

        await family.RunAsync("family-finds-starting-soon", async page =>
        {
            await page.GotoAsync($"/clinics?near={listing.Zip}");
            await page.Locator("#start-14").CheckAsync();
            await page.Locator("#update-results").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("start=14"));
            var result = page.Locator($"#results li[data-clinic-id='{listing.Id}']");
            await Expect(result).ToHaveAttributeAsync("data-next-start", start);
            await Expect(result.Locator(".openings")).ToContainTextAsync("Next start date:");
        });
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/portal/login")]
    [InlineData("/portal/forgot")]
    public Task Axe_finds_no_violations_on_portal_pages(string path) => fixture.CheckPageAsync(path, Axe.AssertNoViolationsAsync);
}
