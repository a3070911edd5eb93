using System.Security.Claims;
using System.Globalization;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>Moderation queues: access requests, proposed changes and reports from the public.</summary>
public sealed class IndexModel(Db db, Accounts accounts, ListingEdits edits, ClinicIndex index, IEmailSender email, IOptions<SiteOptions> site, Audit audit, TimeProvider clock) : PageModel
{
    public sealed record AccessRequest(long Id, long ClinicId, string ClinicName, string Slug, string Name, string Email, string JobTitle, string Note, string CreatedAt);
    public sealed record Report(long Id, long ClinicId, string ClinicName, string Slug, string Kind, string Message, string? Email, string CreatedAt);

    public IReadOnlyList<AccessRequest> Requests { get; private set; } = [];
    public IReadOnlyList<ProposedChange> Changes { get; private set; } = [];
    public IReadOnlyList<Report> Reports { get; private set; } = [];

    private string Now => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public void OnGet()
    {
        using var connection = db.Open();
        Requests = connection.Query<AccessRequest>(
            "SELECT r.id, r.clinic_id, c.name AS clinic_name, c.slug, r.name, r.email, r.job_title, r.note, r.created_at FROM access_requests r JOIN clinics c ON c.id = r.clinic_id WHERE r.status = 'pending' ORDER BY r.id").ToList();
        Reports = connection.Query<Report>(
            "SELECT r.id, r.clinic_id, c.name AS clinic_name, c.slug, r.kind, r.message, r.email, r.created_at FROM clinic_reports r JOIN clinics c ON c.id = r.clinic_id WHERE r.status = 'open' ORDER BY r.id").ToList();
        Changes = edits.Changes("pending");
    }

    public async Task<IActionResult> OnPostApproveRequestAsync(long id)
    {
        using var connection = db.Open();
        var pending = connection.QuerySingleOrDefault<(long ClinicId, string Name, string Email)?>(
            "SELECT clinic_id, name, email FROM access_requests WHERE id = @id AND status = 'pending'", new { id });
        if (pending is not { } request)
        {
            return NotFound();
        }

        if (string.Equals(request.Email, User.FindFirstValue(ClaimTypes.Email), StringComparison.OrdinalIgnoreCase))
        {
            // Nobody grants themselves access: another moderator decides.
            return Forbid();
        }

        // Claimed (pending → approved), granted and recorded in one transaction: of two moderators
        // approving at once, one grants access and sends the invitation; the other changes nothing.
        using var transaction = connection.BeginWrite();
        if (connection.Execute("UPDATE access_requests SET status = 'approved', decided_by = @by, decided_at = @now WHERE id = @id AND status = 'pending'",
                new { by = User.UserId(), now = Now, id }, transaction) == 0)
        {
            return NotFound();
        }

        var user = accounts.Ensure(connection, transaction, request.Email, request.Name, "clinic");
        edits.AddStaff(connection, transaction, user.Id, request.ClinicId, User.UserId());
        audit.Record(User.UserId(), "access-approved", request.ClinicId, $"request {id} for {request.Email}", connection, transaction);
        var token = user.PasswordHash is null ? accounts.IssueToken(connection, transaction, user.Id, "invite") : null;
        transaction.Commit();
        edits.ListingsChanged();
        var link = token is not null
            ? "Choose a password here (the link works once, for 24 hours):\n" + site.Value.Absolute("/portal/set-password?token=" + token)
            : "Sign in here: " + site.Value.Absolute("/portal/login");
        await email.SendAsync(request.Email, "Your IopFinder access request was approved",
            $"Hello {request.Name},\n\nYour request to keep a listing current on IopFinder was approved.\n\n{link}\n");
        return Redirect("/admin");
    }

    public IActionResult OnPostRejectRequest(long id)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var clinicId = connection.ExecuteScalar<long?>(
            "UPDATE access_requests SET status = 'rejected', decided_by = @by, decided_at = @now WHERE id = @id AND status = 'pending' RETURNING clinic_id",
            new { by = User.UserId(), now = Now, id }, transaction);
        if (clinicId is null)
        {
            return NotFound();
        }

        audit.Record(User.UserId(), "access-rejected", clinicId, $"request {id}", connection, transaction);
        transaction.Commit();
        return Redirect("/admin");
    }

    public IActionResult OnPostResolveReport(long id, bool close)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        // Decided and applied together, and only while the report is still open: two moderators
        // resolving it at once leave one decision and one audit entry.
        var clinicId = connection.ExecuteScalar<long?>("UPDATE clinic_reports SET status = 'resolved' WHERE id = @id AND status = 'open' RETURNING clinic_id", new { id }, transaction);
        if (clinicId is null)
        {
            return NotFound();
        }

        if (close)
        {
            connection.Execute("UPDATE clinics SET status = 'closed', updated_at = @today WHERE id = @clinicId", new { clinicId, today = Now[..10] }, transaction);
            ClinicQueries.RefreshSearchText(connection, transaction, [clinicId.Value]);
        }

        audit.Record(User.UserId(), close ? "listing-closed" : "report-resolved", clinicId, $"report {id}", connection, transaction);
        transaction.Commit();
        index.Nudge();
        return Redirect("/admin");
    }
}
