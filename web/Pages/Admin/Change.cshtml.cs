using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>One proposed change, field by field, with approve or reject and a note to the clinic.</summary>
public sealed class ChangeModel(ListingEdits edits, Accounts accounts, IEmailSender email, IOptions<SiteOptions> site) : PageModel
{
    public ProposedChange Change { get; private set; } = null!;

    [BindProperty]
    public string? Note { get; set; }

    /// <summary>The moderator saw that the listing changed after this proposal and chose to apply it anyway.</summary>
    [BindProperty]
    public bool ApplyToNewerListing { get; set; }

    /// <summary>The listing changed after the clinic made this proposal: its "Now" column may be out of date.</summary>
    public bool Stale { get; private set; }

    public IActionResult OnGet(long id)
    {
        if (edits.Change(id) is not { } change)
        {
            return NotFound();
        }

        Change = change;
        Stale = change.Status == "pending" && edits.IsStale(change);
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(long id) => Decide(id, approve: true);

    public Task<IActionResult> OnPostRejectAsync(long id) => Decide(id, approve: false);

    private async Task<IActionResult> Decide(long id, bool approve)
    {
        if (edits.Change(id) is not { } change || Note is { Length: > 2000 })
        {
            return NotFound();
        }

        if (change.Status != "pending")
        {
            return Redirect($"/admin/changes/{id}?decided=elsewhere");
        }

        if (change.UserId == User.UserId())
        {
            // Nobody approves or rejects their own change: another moderator decides.
            return Forbid();
        }

        var note = Note?.Trim();
        var outcome = approve ? edits.Approve(id, User.UserId(), note, ApplyToNewerListing) : edits.Reject(id, User.UserId(), note);
        if (outcome == ApprovalOutcome.ListingChangedSince)
        {
            return Redirect($"/admin/changes/{id}?stale=1");
        }

        if (outcome is not (ApprovalOutcome.Approved or ApprovalOutcome.Rejected))
        {
            // Another moderator decided it first: show the change as it was decided, rather than the queue.
            return Redirect($"/admin/changes/{id}?decided=elsewhere");
        }

        if (accounts.ById(change.UserId) is { } author)
        {
            var approved = outcome == ApprovalOutcome.Approved;
            await email.SendAsync(author.Email, approved ? $"Your changes to {change.ClinicName} are live" : $"Your changes to {change.ClinicName} were not approved",
                (approved ? "A moderator approved your changes. They now appear on the public listing." : "A moderator did not approve your changes.") +
                (string.IsNullOrEmpty(note) ? "" : $"\n\nNote from the moderator:\n{note}") + $"\n\n{site.Value.Absolute("/portal")}\n");
        }

        return Redirect("/admin");
    }
}
