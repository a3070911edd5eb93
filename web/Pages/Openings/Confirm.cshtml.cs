using IopFinder.Web.Clinics;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Openings;

/// <summary>
/// The page a reminder email links to: confirm or update one listing's openings without a password. The link is the
/// only key: it works once, for its own listing, until it expires; it signs nobody in and changes nothing else.
/// </summary>
[EnableRateLimiting(RateLimits.Openings)]
public sealed class ConfirmModel(ClinicQueries queries, Reminders reminders, OpeningsCalendar calendar) : PageModel
{
    public Clinic? Clinic { get; private set; }

    public ReminderLink Link { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Status { get; set; }

    [BindProperty]
    public string? NextStart { get; set; }

    [BindProperty]
    public string? WaitWeeks { get; set; }

    public string? Problem { get; private set; }

    public bool Saved { get; private set; }

    private IActionResult Refuse()
    {
        // Unknown (or another listing's) links are not found; used or expired ones are gone for good.
        Response.StatusCode = Link == ReminderLink.Unknown ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return Page();
    }

    public IActionResult OnGet(long id)
    {
        Link = reminders.Check(id, Token);
        if (Link != ReminderLink.Valid)
        {
            return Refuse();
        }

        Clinic = queries.ById(id);
        var openings = Clinic!.Openings;
        (Status, NextStart, WaitWeeks) = OpeningsForm.Values(openings, calendar.Today);
        return Page();
    }

    public IActionResult OnPost(long id)
    {
        Link = reminders.Check(id, Token);
        if (Link != ReminderLink.Valid)
        {
            return Refuse();
        }

        Clinic = queries.ById(id);
        var (nextStart, waitWeeks, problem) = OpeningsForm.Read(Status, NextStart, WaitWeeks);
        if (problem is null)
        {
            var (link, outcome, refusal) = reminders.Use(id, Token, Status, nextStart, waitWeeks);
            Link = link;
            if (outcome == OpeningsOutcome.Saved)
            {
                Saved = true;
                Clinic = queries.ById(id);
                return Page();
            }

            if (link != ReminderLink.Valid || outcome == OpeningsOutcome.NotFound)
            {
                return Link == ReminderLink.Valid ? NotFound() : Refuse();
            }

            problem = refusal;
        }

        Problem = problem;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
