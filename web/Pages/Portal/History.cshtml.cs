using IopFinder.Web.Clinics;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Portal;

/// <summary>A listing's history, for its own staff only.</summary>
public sealed class HistoryModel(ClinicQueries queries, ListingEdits edits, Audit audit) : PageModel
{
    public Clinic Clinic { get; private set; } = null!;
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyList<ProposedChange> Changes { get; private set; } = [];

    private IReadOnlySet<long> StaffIds { get; set; } = new HashSet<long>();

    public IActionResult OnGet(long id)
    {
        if (queries.ById(id) is not { } clinic || !edits.IsStaff(User.UserId(), id))
        {
            return NotFound();
        }

        Clinic = clinic;
        Entries = audit.Recent(id);
        StaffIds = edits.StaffOf(id);
        Changes = edits.Changes(null, id);
        return Page();
    }

    /// <summary>
    /// Who did it, as clinic staff may see it: their own colleagues by address, IopFinder's moderators
    /// and the system by role only, so moderators' addresses never reach the clinics.
    /// </summary>
    public string Who(AuditEntry entry) =>
        entry.UserId is null ? "IopFinder"
        : StaffIds.Contains(entry.UserId.Value) ? entry.Email ?? ""
        : "an IopFinder moderator";
}
