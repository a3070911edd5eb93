using System.ComponentModel.DataAnnotations;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>
/// "Report a problem with this listing": stored for moderators, rate-limited per client, with a
/// honeypot field that people never see and bots fill in.
/// </summary>
[EnableRateLimiting(RateLimits.Reports)]
[OutputCache(NoStore = true)]
[RequestSizeLimit(16 * 1024)]
public sealed class ReportModel(ClinicQueries queries, Db db, TimeProvider clock) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> Kinds =
    [
        ("closed", "The program has closed"),
        ("wrong_phone", "The phone number is wrong"),
        ("not_accepting", "It is not taking new clients"),
        ("wrong_services", "The services listed are wrong"),
        ("other", "Something else"),
    ];

    [BindProperty]
    public ReportForm Form { get; set; } = new();

    public Clinic Clinic { get; private set; } = null!;

    public IActionResult OnGet(string slug)
    {
        if (queries.BySlug(slug) is not { } clinic)
        {
            return NotFound();
        }

        Clinic = clinic;
        return Page();
    }

    public IActionResult OnPost(string slug)
    {
        if (queries.BySlug(slug) is not { } clinic)
        {
            return NotFound();
        }

        Clinic = clinic;
        if (!string.IsNullOrEmpty(Form.Website))
        {
            // A bot filled the hidden field: answer as if it worked, store nothing.
            return Redirect($"/clinics/{slug}?reported=1");
        }

        if (Kinds.All(k => k.Value != Form.Kind))
        {
            ModelState.AddModelError("Form.Kind", "Choose what is wrong.");
        }

        if (Form.Kind == "other" && string.IsNullOrWhiteSpace(Form.Message))
        {
            ModelState.AddModelError("Form.Message", "Tell us what is wrong.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        using var connection = db.Open();
        connection.Execute(
            "INSERT INTO clinic_reports (clinic_id, kind, message, email, created_at) VALUES (@id, @kind, @message, @email, @now)",
            new { id = clinic.Id, kind = Form.Kind, message = Form.Message?.Trim() ?? "", email = string.IsNullOrWhiteSpace(Form.Email) ? null : Form.Email.Trim(), now = clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        return Redirect($"/clinics/{slug}?reported=1");
    }

    public sealed class ReportForm
    {
        public string? Kind { get; set; }

        [StringLength(2000, ErrorMessage = "Please keep the message to 2,000 characters or fewer.")]
        public string? Message { get; set; }

        [IopFinder.Web.Portal.DeliverableEmail(ErrorMessage = "Enter an email address like name@example.com, or leave it empty.")]
        [StringLength(254)]
        public string? Email { get; set; }

        /// <summary>The honeypot: hidden from people and from assistive technology.</summary>
        public string? Website { get; set; }
    }
}
