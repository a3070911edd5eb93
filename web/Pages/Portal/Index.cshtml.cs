using IopFinder.Web.Clinics;
using IopFinder.Web.Portal;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Portal;

/// <summary>For clinics: what the portal is, or, signed in, the listings this person keeps current.</summary>
public sealed class IndexModel(ListingEdits edits, IopFinder.Web.Clinics.ClinicQueries queries) : PageModel
{
    public IReadOnlyList<Clinic> Listings { get; private set; } = [];
    public IReadOnlyList<ProposedChange> Pending { get; private set; } = [];

    public void OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            var userId = User.UserId();
            Listings = queries.ListingsFor(userId);
            Pending = Listings.SelectMany(l => edits.Changes("pending", l.Id)).ToList();
        }
    }
}
