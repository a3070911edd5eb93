using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>How current the directory is: openings confirmed within the trust window and listings verified within the reminder window, by state, and the claimed listings to chase.</summary>
public sealed class FreshnessModel(ClinicQueries queries, OpeningsCalendar calendar, IOptions<ReminderOptions> reminders) : PageModel
{
    public IReadOnlyList<FreshnessRow> Rows { get; private set; } = [];
    public IReadOnlyList<StaleListing> Stale { get; private set; } = [];
    public int TrustDays => calendar.TrustDays;
    public int VerifiedDays => reminders.Value.VerificationAfterDays;

    public void OnGet()
    {
        var today = calendar.Today;
        string Day(int daysAgo) => today.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Rows = queries.Freshness(Day(TrustDays), Day(VerifiedDays), Day(0));
        Stale = queries.StaleClaimed(Day(TrustDays), Day(VerifiedDays));
    }
}
