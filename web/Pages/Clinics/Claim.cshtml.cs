using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>"Is this your program?": a request for access, checked by a moderator. The answer never says whether the email has an account.</summary>
[EnableRateLimiting(RateLimits.Requests)]
[OutputCache(NoStore = true)]
[RequestSizeLimit(16 * 1024)]
public sealed class ClaimModel(ClinicQueries queries, Db db, Audit audit, TimeProvider clock) : PageModel
{
    [BindProperty]
    public ClaimForm Form { get; set; } = new();

    public Clinic Clinic { get; private set; } = null!;

    public bool Sent { get; private set; }

    public IActionResult OnGet(string slug)
    {
        if (queries.BySlug(slug) is not { Status: not ListingStatus.Hidden } clinic)
        {
            return NotFound();
        }

        Clinic = clinic;
        return Page();
    }

    public IActionResult OnPost(string slug)
    {
        if (queries.BySlug(slug) is not { Status: not ListingStatus.Hidden } clinic)
        {
            return NotFound();
        }

        Clinic = clinic;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using (var connection = db.Open())
        {
            var id = connection.ExecuteScalar<long>(
                "INSERT INTO access_requests (clinic_id, name, email, job_title, note, created_at) VALUES (@clinicId, @name, @email, @title, @note, @now) RETURNING id",
                new { clinicId = clinic.Id, name = Form.Name!.Trim(), email = Form.Email!.Trim(), title = Form.Role!.Trim(), note = Form.Note?.Trim() ?? "", now = clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture) });
            audit.Record(null, "access-requested", clinic.Id, $"request {id}");
        }

        Sent = true;
        return Page();
    }

    public sealed class ClaimForm
    {
        [Required(ErrorMessage = "Enter your name."), StringLength(100)]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Enter your work email."), IopFinder.Web.Portal.DeliverableEmail(ErrorMessage = "Enter an email address like name@clinic.org."), StringLength(254)]
        public string? Email { get; set; }

        [Required(ErrorMessage = "Enter your role at the program."), StringLength(100)]
        public string? Role { get; set; }

        [StringLength(2000, ErrorMessage = "Please keep the note to 2,000 characters or fewer.")]
        public string? Note { get; set; }
    }
}
