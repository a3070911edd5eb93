using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Admin;

/// <summary>Openings updates, newest first: clinics' go live without moderation, so moderators review them here and can undo one.</summary>
public sealed class OpeningsModel(OpeningsUpdates updates) : PageModel
{
    public IReadOnlyList<OpeningsUpdate> Updates { get; private set; } = [];

    public void OnGet() => Updates = updates.Recent();

    public IActionResult OnPostRevert(long id) => updates.Revert(id, User.UserId()) switch
    {
        OpeningsOutcome.Saved => Redirect("/admin/openings?reverted=1"),
        OpeningsOutcome.ChangedSince => Redirect("/admin/openings?changed=1"),
        _ => NotFound(),
    };
}
