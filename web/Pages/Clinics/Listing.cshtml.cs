using IopFinder.Web.Clinics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>One listing, grouped the way a family reads it, with the "report a problem" form.</summary>
public sealed class ListingModel(ClinicQueries queries) : PageModel
{
    /// <summary>When a change from the clinic itself was last approved.</summary>
    public string? ClinicUpdatedAt { get; private set; }

    public Clinic Clinic { get; private set; } = null!;

    public bool Reported { get; private set; }

    public IActionResult OnGet(string slug, string? reported)
    {
        if (queries.BySlug(slug) is not { Status: not ListingStatus.Hidden } clinic)
        {
            return NotFound();
        }

        Clinic = clinic;
        ClinicUpdatedAt = queries.ClinicUpdatedAt(clinic.Id);
        Reported = reported == "1";
        return Page();
    }
}
