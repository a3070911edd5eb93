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

        var query = Search.ToQuery(search);
        (Result, Items) = index.SearchAndLoad(queries, query);
        if (Items.Count > 0)
        {
            FirstNumber = (Result.Page - 1) * query.PageSize + 1;
            Map = DrawMap(Search, Items, FirstNumber, places);
        }
    }

    /// <summary>The number the first result on this page shows, and its pin on the map.</summary>
    public int FirstNumber { get; private set; } = 1;

    public int LastNumber => FirstNumber + Items.Count - 1;

    /// <summary>The map beside the list (inline SVG), described in words by the element with id <see cref="MapTitleId"/>.</summary>
    public string? Map { get; private set; }

    public const string MapTitleId = "results-map-title";

    /// <summary>
    /// The searched place and radius, a pin numbered as each result, and a few of the biggest towns in the frame.
    /// Drawn for every request, so a cached page carries its map with it.
    /// </summary>
    public static string DrawMap(ClinicSearchRequest search, IReadOnlyList<ListedClinic> items, int first, PlaceDirectory places)
    {
        var pins = items.Select((item, i) => new MapPin(first + i, item.Clinic.Latitude, item.Clinic.Longitude)).ToList();
        double? radius = search.Origin is not null && search.Radius != "any" ? double.Parse(search.Radius, System.Globalization.CultureInfo.InvariantCulture) : null;
        var (latitude, longitude) = search.Origin is { } origin
            ? (origin.Latitude, origin.Longitude)
            : (pins.Average(p => p.Latitude), pins.Average(p => p.Longitude));
        var reach = Math.Max(radius ?? 0, pins.Max(p => ClinicSnapshot.Miles(latitude, longitude, p.Latitude, p.Longitude)));
        var towns = places.TownsAround(latitude, longitude, Math.Max(reach, 5), 5, Math.Max(reach / 3, 2))
            .Select(t => new MapLabel(t.City, t.Latitude, t.Longitude)).ToList();
        return UsMap.Shared.Draw(new MapView(search.Origin?.Latitude, search.Origin?.Longitude, radius, pins, towns, MapTitleId));
    }
}
