using System.Globalization;
using IopFinder.Web.Clinics;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Portal;

/// <summary>
/// A listing's openings in one step: its staff (or a moderator) say whether the program can take someone now, from a
/// date, after a wait, or is full. Live at once, dated today, audited; moderators can revert an update at /admin/openings.
/// </summary>
[EnableRateLimiting(RateLimits.Openings)]
public sealed class OpeningsModel(ClinicQueries queries, ListingEdits edits, OpeningsUpdates updates, OpeningsCalendar calendar) : PageModel
{
    public Clinic Clinic { get; private set; } = null!;

    [BindProperty]
    public string? Status { get; set; }

    /// <summary>The next start date as the date field posts it (yyyy-mm-dd).</summary>
    [BindProperty]
    public string? NextStart { get; set; }

    [BindProperty]
    public string? WaitWeeks { get; set; }

    public string? Problem { get; private set; }

    public DateOnly Today => calendar.Today;

    public int TrustDays => calendar.TrustDays;

    private bool MayUpdate(long id) => edits.IsStaff(User.UserId(), id) || User.IsInRole("moderator") || User.IsInRole("admin");

    private IActionResult? Load(long id)
    {
        if (queries.ById(id) is not { Status: ListingStatus.Active } clinic || !MayUpdate(id))
        {
            return NotFound();
        }

        Clinic = clinic;
        return null;
    }

    public IActionResult OnGet(long id)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        var openings = Clinic.Openings;
        Status = openings.Status;
        NextStart = Clinic.OpeningsNextStart;
        WaitWeeks = openings.WaitWeeks?.ToString(CultureInfo.InvariantCulture);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        // Only the fields that go with the chosen answer are read: a date left in the form after choosing "open" is not an error.
        DateOnly? nextStart = null;
        int? waitWeeks = null;
        if (Status == OpeningStatus.NextStart && !string.IsNullOrWhiteSpace(NextStart))
        {
            nextStart = Openings.Date(NextStart.Trim());
            Problem = nextStart is null ? "Give the next start date as a date, such as 2027-01-15." : null;
        }

        if (Problem is null && Status == OpeningStatus.Waitlist && !string.IsNullOrWhiteSpace(WaitWeeks))
        {
            waitWeeks = int.TryParse(WaitWeeks.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var weeks) ? weeks : null;
            Problem = waitWeeks is null ? "Give the wait as a whole number of weeks." : null;
        }

        if (Problem is null)
        {
            var source = edits.IsStaff(User.UserId(), id) ? OpeningsSource.Clinic : OpeningsSource.Moderator;
            var (outcome, problem) = updates.Update(id, User.UserId(), source, Status, nextStart, waitWeeks);
            if (outcome == OpeningsOutcome.NotFound)
            {
                return NotFound();
            }

            if (outcome == OpeningsOutcome.Saved)
            {
                return Redirect($"/portal/listings/{id}/openings?saved=1");
            }

            Problem = problem;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
