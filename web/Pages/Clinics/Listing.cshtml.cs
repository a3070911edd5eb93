using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>One listing, grouped the way a family reads it, with the "report a problem" form.</summary>
public sealed class ListingModel(ClinicQueries queries, PlaceDirectory places) : PageModel
{
    public const string MapTitleId = "listing-map-title";

    /// <summary>The listing's map (inline SVG), described in words by the element with id <see cref="MapTitleId"/>.</summary>
    public string Map { get; private set; } = "";

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
        // Its own pin, unnumbered, and the nearest towns to find it by, in a frame sixteen miles across.
        var towns = places.TownsAround(clinic.Latitude, clinic.Longitude, 8, 4, 2.5).Select(t => new MapLabel(t.City, t.Latitude, t.Longitude)).ToList();
        Map = UsMap.Shared.Draw(new MapView(clinic.Latitude, clinic.Longitude, 8, [new MapPin(0, clinic.Latitude, clinic.Longitude)], towns, MapTitleId, DrawRadius: false));
        ClinicUpdatedAt = queries.ClinicUpdatedAt(clinic.Id);
        Reported = reported == "1";
        return Page();
    }
}
