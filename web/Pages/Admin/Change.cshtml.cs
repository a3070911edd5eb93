using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Admin;

/// <summary>One proposed change, field by field, with approve or reject and a note to the clinic.</summary>
public sealed class ChangeModel(ListingEdits edits) : PageModel
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

    public IActionResult OnPostApprove(long id) => Decide(id, approve: true);

    public IActionResult OnPostReject(long id) => Decide(id, approve: false);

    /// <summary>Decides; the author's email is written with the decision and sent from the outbox.</summary>
    private IActionResult Decide(long id, bool approve)
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

        return Redirect("/admin");
    }
}
