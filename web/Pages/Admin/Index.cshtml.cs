using System.Security.Claims;
using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Options;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Admin;

/// <summary>Moderation queues: access requests, proposed changes and reports from the public.</summary>
public sealed class IndexModel(Db db, ListingEdits edits, Moderation moderation, IEmailSender email, IOptions<SiteOptions> site) : PageModel
{
    public sealed record AccessRequest(long Id, long ClinicId, string ClinicName, string Slug, string Name, string Email, string JobTitle, string Note, string CreatedAt);
    public sealed record Report(long Id, long ClinicId, string ClinicName, string Slug, string Kind, string Message, string? Email, string CreatedAt);

    public IReadOnlyList<AccessRequest> Requests { get; private set; } = [];
    public IReadOnlyList<ProposedChange> Changes { get; private set; } = [];
    public IReadOnlyList<Report> Reports { get; private set; } = [];

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
        var (decision, approved) = moderation.ApproveRequest(id, User.UserId(), User.FindFirstValue(ClaimTypes.Email) ?? "");
        if (approved is null)
        {
            return decision == Decision.OwnRequest ? Forbid() : NotFound();
        }

        var link = approved.InviteToken is { } token
            ? "Choose a password here (the link works once, for 24 hours):\n" + site.Value.Absolute("/portal/set-password?token=" + token)
            : "Sign in here: " + site.Value.Absolute("/portal/login");
        await email.SendAsync(approved.Email, "Your IopFinder access request was approved",
            $"Hello {approved.Name},\n\nYour request to keep a listing current on IopFinder was approved.\n\n{link}\n");
        return Redirect("/admin");
    }

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
