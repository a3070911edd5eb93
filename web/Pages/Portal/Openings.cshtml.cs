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
public sealed class OpeningsModel(ClinicQueries queries, ListingEdits edits, OpeningsUpdates updates, Reminders reminders, OpeningsCalendar calendar) : PageModel
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

    /// <summary>Whether this listing's staff paused its reminder emails.</summary>
    public bool RemindersPaused { get; private set; }

    /// <summary>Reminders go to staff: the pause is theirs to set, not a moderator's.</summary>
    public bool IsStaff { get; private set; }

    public int TrustDays => calendar.TrustDays;

    private bool MayUpdate(long id) => edits.IsStaff(User.UserId(), id) || User.IsInRole("moderator") || User.IsInRole("admin");

    private IActionResult? Load(long id)
    {
        if (queries.ById(id) is not { Status: ListingStatus.Active } clinic || !MayUpdate(id))
        {
            return NotFound();
        }

        Clinic = clinic;
        IsStaff = edits.IsStaff(User.UserId(), id);
        RemindersPaused = reminders.IsPaused(id);
        return null;
    }

    public IActionResult OnGet(long id)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        var openings = Clinic.Openings;
        (Status, NextStart, WaitWeeks) = OpeningsForm.Values(openings, calendar.Today);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        var (nextStart, waitWeeks, problem) = OpeningsForm.Read(Status, NextStart, WaitWeeks);
        Problem = problem;
        if (Problem is null)
        {
            var source = IsStaff ? OpeningsSource.Clinic : OpeningsSource.Moderator;
            var (outcome, refusal) = updates.Update(id, User.UserId(), source, Status, nextStart, waitWeeks);
            if (outcome == OpeningsOutcome.NotFound)
            {
                return NotFound();
            }

            if (outcome == OpeningsOutcome.Saved)
            {
                return Redirect($"/portal/listings/{id}/openings?saved=1");
            }

            Problem = refusal;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Staff pause or resume this listing's reminder emails.</summary>
    public IActionResult OnPostReminders(long id, bool pause)
    {
        if (Load(id) is { } notFound || !IsStaff)
        {
            return NotFound();
        }

        reminders.SetPaused(id, User.UserId(), pause);
        return Redirect($"/portal/listings/{id}/openings");
    }
}
