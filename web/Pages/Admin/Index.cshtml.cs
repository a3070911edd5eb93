using System.Security.Claims;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Mail;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Admin;

/// <summary>Moderation queues: access requests, proposed changes and reports from the public.</summary>
public sealed class IndexModel(Db db, ListingEdits edits, Moderation moderation, Outbox outbox, Audit audit) : PageModel
{
    public sealed record AccessRequest(long Id, long ClinicId, string ClinicName, string Slug, string Name, string Email, string JobTitle, string Note, string CreatedAt);
    public sealed record Report(long Id, long ClinicId, string ClinicName, string Slug, string Kind, string Message, string? Email, string CreatedAt);

    public IReadOnlyList<AccessRequest> Requests { get; private set; } = [];
    public IReadOnlyList<ProposedChange> Changes { get; private set; } = [];
    public IReadOnlyList<Report> Reports { get; private set; } = [];

    /// <summary>Mail that failed at least once and is not yet sent: moderators see to whom, and can send it again.</summary>
    public IReadOnlyList<UndeliveredMessage> Mail { get; private set; } = [];

    public void OnGet()
    {
        using var connection = db.Open();
        Requests = connection.Query<AccessRequest>(
            "SELECT r.id, r.clinic_id, c.name AS clinic_name, c.slug, r.name, r.email, r.job_title, r.note, r.created_at FROM access_requests r JOIN clinics c ON c.id = r.clinic_id WHERE r.status = 'pending' ORDER BY r.id").ToList();
        Reports = connection.Query<Report>(
            "SELECT r.id, r.clinic_id, c.name AS clinic_name, c.slug, r.kind, r.message, r.email, r.created_at FROM clinic_reports r JOIN clinics c ON c.id = r.clinic_id WHERE r.status = 'open' ORDER BY r.id").ToList();
        Changes = edits.Changes("pending");
        Mail = outbox.Undelivered();
    }

    /// <summary>Approves; the invitation is written with the decision and sent from the outbox, so a mail server that is down delays it and never fails the page.</summary>
    public IActionResult OnPostApproveRequest(long id) =>
        moderation.ApproveRequest(id, User.UserId(), User.FindFirstValue(ClaimTypes.Email) ?? "") switch
        {
            Decision.Decided => Redirect("/admin"),
            Decision.OwnRequest => Forbid(),
            _ => NotFound(),
        };

    /// <summary>Sends a retrying or failed message again now.</summary>
    public IActionResult OnPostRetryMail(long id) =>
        outbox.Retry(id, (connection, transaction) => audit.Record(User.UserId(), "mail-retried", null, $"outbox {id}", connection, transaction))
            ? Redirect("/admin#mail")
            : NotFound();

    public IActionResult OnPostRejectRequest(long id) =>
        moderation.RejectRequest(id, User.UserId(), User.FindFirstValue(ClaimTypes.Email) ?? "") switch
        {
            Decision.Decided => Redirect("/admin"),
            Decision.OwnRequest => Forbid(),
            _ => NotFound(),
        };

    public IActionResult OnPostResolveReport(long id, bool close) =>
        moderation.ResolveReport(id, User.UserId(), close) == Decision.Decided ? Redirect("/admin") : NotFound();
}
