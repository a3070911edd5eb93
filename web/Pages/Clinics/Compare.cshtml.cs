using System.Globalization;
using IopFinder.Web.Clinics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>Up to three listings side by side, from ticked results: a plain GET, no JavaScript needed.</summary>
// The output cache sorts repeated query values while building its key, which would reorder the
// columns people chose; the comparison is cheap to build, so it is not cached.
[Microsoft.AspNetCore.OutputCaching.OutputCache(NoStore = true)]
public sealed class CompareModel(ClinicQueries queries) : PageModel
{
    public const int MaxListings = 3;

    public IReadOnlyList<Clinic> Clinics { get; private set; } = [];

    public string? Notice { get; private set; }

    public void OnGet()
    {
        var ids = Request.Query["id"]
            .Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
            .Where(id => id > 0)
            .Distinct()
            .ToList();
        if (ids.Count > MaxListings)
        {
            Notice = $"You can compare up to {MaxListings} programs at once; showing the first {MaxListings}.";
            ids = ids.Take(MaxListings).ToList();
        }

        // A closed listing can still be compared (its page says it closed); a hidden or removed one cannot.
        Clinics = queries.ByIds(ids, activeOnly: false).Where(c => c.Status != ListingStatus.Hidden).ToList();
        if (Clinics.Count < 2)
        {
            Notice ??= "Tick two or three programs in your search results, then choose Compare.";
            if (Request.Query.ContainsKey("id"))
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }
    }
}
