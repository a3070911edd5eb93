using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>"Find a program": the directory search. Its query string is the public contract other pages link to.</summary>
public sealed class IndexModel(ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places) : PageModel
{
    public ClinicSearchRequest Search { get; private set; } = null!;

    public ClinicResultPage Result { get; private set; } = new([], 0, 1, 1);

    public IReadOnlyList<ListedClinic> Items { get; private set; } = [];

    public void OnGet()
    {
        Search = ClinicSearchRequest.Parse(Request.Query, places);
        if (Search.LocationNotFound)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        (Result, Items) = index.SearchAndLoad(queries, Search.ToQuery(search));
    }
}
