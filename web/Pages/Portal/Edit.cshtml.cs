using System.Security.Claims;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Clinics;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Portal;

/// <summary>
/// Edit one listing. Only its staff get past the first line of every handler: anyone else gets a 404,
/// whatever id they try. Saving proposes a change; nothing public changes until a moderator approves.
/// </summary>
[RequestSizeLimit(64 * 1024)]
public sealed class EditModel(ClinicQueries queries, ListingEdits edits, IopFinder.Web.Data.Db db, Audit audit, TimeProvider clock) : PageModel
{
    public Clinic Clinic { get; private set; } = null!;
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Fields corrected the way imports correct them; shown for the person to check and save again.</summary>
    public IReadOnlyList<IopFinder.Web.Clinics.FieldFix> Repairs { get; private set; } = [];
    public Dictionary<string, FieldChange>? Proposed { get; private set; }
    public bool Stale { get; private set; }
    public string? Message { get; private set; }
    public IReadOnlyList<ProposedChange> Pending { get; private set; } = [];
    public IReadOnlyDictionary<string, string?> Values { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The listing as the form shows it was when opened; posted back as was.FIELD so a conflict can tell the person's changes apart.</summary>
    public IReadOnlyDictionary<string, string?> Original { get; private set; } = new Dictionary<string, string?>();

    /// <summary>On a conflict: the fields someone else changed after the form was opened, as they were then and as they are now.</summary>
    public IReadOnlyList<(string Field, string? Then, string? Now)> ChangedMeanwhile { get; private set; } = [];

    private IActionResult? Load(long id)
    {
        if (queries.ById(id) is not { } clinic || !edits.IsStaff(User.UserId(), id))
        {
            return NotFound();
        }

        Clinic = clinic;
        RowVersion = queries.RowVersion(id);
        Pending = edits.Changes("pending", id);
        Values = ListingForm.Fields.ToDictionary(f => f, f => (string?)IopFinder.Web.Clinics.ListingValues.Get(clinic, f));
        Original = Values;
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

        var posted = ListingForm.Fields.ToDictionary(f => f, f => (string?)string.Join(' ', Request.Form[f].Where(v => !string.IsNullOrEmpty(v))));
        foreach (var flag in new[] { "iop_day", "iop_evening", "iop_weekend", "iop_telehealth" })
        {
            posted[flag] = Request.Form[flag].Contains("yes") ? "yes" : "no";
        }

        if (baseVersion != RowVersion)
        {
            // Someone changed the listing after this form was loaded. The form starts again from the listing as it is
            // now, with only what this person changed on top, so saving it cannot quietly change anything back.
            Stale = true;
            Response.StatusCode = StatusCodes.Status409Conflict;
            var current = Values;
            if (ListingForm.Fields.All(f => Request.Form.ContainsKey("was." + f)))
            {
                var was = ListingForm.Fields.ToDictionary(f => f, f => (string?)Request.Form["was." + f].ToString());
                Values = ListingForm.Fields.ToDictionary(f => f, f => ListingForm.SameValue(f, posted[f], was[f]) ? current[f] : posted[f]);
                ChangedMeanwhile = ListingForm.Fields.Where(f => !ListingForm.SameValue(f, was[f], current[f])).Select(f => (f, was[f], current[f])).ToList();
            }
            else
            {
                Message = "Your changes could not be matched to the listing as it is now. Please enter them again.";
            }

            return Page();
        }

        Values = posted;

        var (changes, edited, problems, repairs) = edits.Diff(Clinic, posted);
        Problems = problems;
        if (problems.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (repairs.Count > 0)
        {
            // Show the corrected values before anything is sent, so the person sees exactly what a moderator will.
            Repairs = repairs;
            Values = ListingForm.Fields.ToDictionary(f => f, f => (string?)IopFinder.Web.Clinics.ListingValues.Get(edited, f));
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

    /// <summary>Invitations one person may send in a day; each one becomes work for a moderator.</summary>
    public const int InvitationsPerDay = 10;

    /// <summary>
    /// Invites a colleague the way anyone asks for access: as a request a moderator decides. Nothing is
    /// granted and nothing is mailed to the colleague until then, and an existing account (a moderator's,
    /// say) never receives a set-password link through it.
    /// </summary>
    public IActionResult OnPostInvite(long id, string? colleague)
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

        var now = clock.GetUtcNow().UtcDateTime;
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var sent = connection.ExecuteScalar<int>(
            "SELECT count(*) FROM audit_log WHERE user_id = @me AND action = 'colleague-invited' AND at > @since",
            new { me = User.UserId(), since = now.AddDays(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture) }, transaction);
        if (sent >= InvitationsPerDay)
        {
            Problems = [$"You can invite up to {InvitationsPerDay} colleagues a day. Please try again tomorrow."];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        var request = connection.ExecuteScalar<long?>(
            """
            INSERT INTO access_requests (clinic_id, name, email, job_title, note, created_at, invited_by)
            SELECT @id, 'Invited colleague', @colleague, 'Invited by a colleague', @note, @now, @me
            WHERE NOT EXISTS (SELECT 1 FROM access_requests WHERE clinic_id = @id AND lower(email) = lower(@colleague) AND status = 'pending')
            RETURNING id
            """,
            new { id, colleague, note = "Invited by " + User.FindFirstValue(ClaimTypes.Email), now = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), me = User.UserId() }, transaction);
        audit.Record(User.UserId(), "colleague-invited", id, request is null ? "already pending" : $"request {request}", connection, transaction);
        transaction.Commit();
        return Redirect($"/portal/listings/{id}/edit?invited=1");
    }
}
