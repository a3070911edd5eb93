using IopFinder.Web.Clinics;
using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Portal;

/// <summary>
/// Edit one listing. Only its staff get past the first line of every handler: anyone else gets a 404,
/// whatever id they try. Saving proposes a change; nothing public changes until a moderator approves.
/// </summary>
[RequestSizeLimit(64 * 1024)]
public sealed class EditModel(ClinicQueries queries, ListingEdits edits, Accounts accounts, IEmailSender email, IOptions<SiteOptions> site, Audit audit) : PageModel
{
    public Clinic Clinic { get; private set; } = null!;
    public IReadOnlyList<string> Problems { get; private set; } = [];
    public Dictionary<string, FieldChange>? Proposed { get; private set; }
    public bool Stale { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<ProposedChange> Pending { get; private set; } = [];
    public IReadOnlyDictionary<string, string?> Values { get; private set; } = new Dictionary<string, string?>();

    private IActionResult? Load(long id)
    {
        if (queries.ById(id) is not { } clinic || !edits.IsStaff(User.UserId(), id))
        {
            return NotFound();
        }

        Clinic = clinic;
        RowVersion = queries.RowVersion(id);
        Pending = edits.Changes("pending", id);
        Values = ListingEdits.EditableFields.ToDictionary(f => f, f => (string?)IopFinder.Web.Imports.ClinicCsv.Get(clinic, f));
        return null;
    }

    public IActionResult OnGet(long id) => Load(id) ?? Page();

    /// <summary>The listing's row version when the form was loaded; posted back to detect changes made meanwhile.</summary>
    public long RowVersion { get; private set; }

    public IActionResult OnPost(long id, long? baseVersion)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        var posted = ListingEdits.EditableFields.ToDictionary(f => f, f => (string?)string.Join(' ', Request.Form[f].Where(v => !string.IsNullOrEmpty(v))));
        foreach (var flag in new[] { "iop_day", "iop_evening", "iop_weekend", "iop_telehealth" })
        {
            posted[flag] = Request.Form[flag].Contains("yes") ? "yes" : "no";
        }

        Values = posted;
        if (baseVersion != RowVersion)
        {
            // Someone changed the listing after this form was loaded: show what it says now, keep what was typed.
            Stale = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }

        var (changes, _, problems) = edits.Diff(Clinic, posted);
        Problems = problems;
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (changes.Count == 0)
        {
            Message = "Nothing changed, so nothing was sent for review.";
            return Page();
        }

        edits.Propose(User.UserId(), Clinic, changes, baseVersion);
        return Redirect($"/portal/listings/{id}/edit?proposed=1");
    }

    public IActionResult OnPostVerify(long id)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        edits.ConfirmAccurate(User.UserId(), id);
        return Redirect($"/portal/listings/{id}/edit?verified=1");
    }

    public async Task<IActionResult> OnPostInviteAsync(long id, string? colleague)
    {
        if (Load(id) is { } notFound)
        {
            return notFound;
        }

        if (!IopFinder.Web.Portal.EmailAddresses.IsDeliverable(colleague))
        {
            Problems = ["Enter your colleague's email address."];
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var user = accounts.Ensure(colleague, "", "clinic");
        edits.AddStaff(user.Id, id, User.UserId());
        var token = accounts.IssueToken(user.Id, "invite");
        await email.SendAsync(user.Email, $"You have been invited to keep {Clinic.Name} current on IopFinder",
            $"A colleague invited you to help keep the IopFinder listing for {Clinic.Name} current.\n\nChoose a password here (the link works once, for 24 hours):\n{site.Value.Absolute("/portal/set-password?token=" + token)}\n");
        audit.Record(User.UserId(), "colleague-invited", id, user.Email);
        return Redirect($"/portal/listings/{id}/edit?invited=1");
    }
}
