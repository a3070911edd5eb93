using IopFinder.Web.Clinics;
using IopFinder.Web.Places;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Iop;

/// <summary>
/// Browse pages for people and search engines: /iop (states), /iop/{state} (cities), /iop/{state}/{city}
/// (the IOPs there), each linking on to the full search.
/// </summary>
public sealed class IndexModel(ClinicQueries queries) : PageModel
{
    public string? State { get; private set; }
    public string? City { get; private set; }
    public IReadOnlyList<PlaceCount> Places { get; private set; } = [];
    public IReadOnlyList<Clinic> Clinics { get; private set; } = [];

    public IActionResult OnGet(string? state, string? city)
    {
        if (state is null)
        {
            Places = queries.IopStates();
            return Page();
        }

        var code = StateNames.Code(state);
        if (code is null || state != StateNames.Slug(code))
        {
            return NotFound();
        }

        State = code;
        var cities = queries.IopCities(code);
        if (city is null)
        {
            Places = cities;
            return cities.Count == 0 ? NotFound() : Page();
        }

        var match = cities.FirstOrDefault(c => Slugs.From(c.City) == city);
        if (match is null)
        {
            return NotFound();
        }

        City = match.City;
        Clinics = queries.IopsInCity(code, match.City);
        return Page();
    }
}
