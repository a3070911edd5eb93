using System.Globalization;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.WebUtilities;

namespace IopFinder.Web.Clinics;

/// <summary>
/// The /clinics query-string contract, parsed once for the results page, the CSV download and the API.
/// Every parameter is validated: unknown codes and out-of-range numbers are dropped with a notice,
/// never passed on, and nothing here ever becomes SQL.
/// </summary>
public sealed class ClinicSearchRequest
{
    public static readonly string[] Radii = ["5", "10", "25", "50", "100", "any"];

    /// <summary>The program times a family can make (<c>time=daytime|evening|weekend</c>, any of them).</summary>
    public static readonly string[] Times = ["daytime", "evening", "weekend"];

    /// <summary>The "can start within" choices, in days (<c>start=7|14|30</c>).</summary>
    public static readonly int[] StartWithin = [7, 14, 30];
    public const string DefaultRadius = "25";

    /// <summary>The label of a position from "use my location" (lat and lon): pages translate it.</summary>
    public const string YourLocation = "your location";
    public const int MaxNearLength = 100;
    public const int MaxQueryLength = 100;

    public string? Near { get; private init; }
    public Place? Origin { get; private init; }
    public IReadOnlyList<string> Suggestions { get; private init; } = [];
    public bool LocationNotFound { get; private init; }
    public string Radius { get; private init; } = DefaultRadius;
    public IReadOnlyDictionary<CodeSet, IReadOnlyList<string>> Selected { get; private init; } = new Dictionary<CodeSet, IReadOnlyList<string>>();
    public bool AcceptingOnly { get; private init; }

    /// <summary>Only listings whose current openings let someone start within this many days.</summary>
    public int? StartWithinDays { get; private init; }

    /// <summary>Only programs with a track at one of these times (any of them), from <see cref="Times"/>.</summary>
    public IReadOnlyList<string> TimesOfDay { get; private init; } = [];
    public string? Keywords { get; private init; }
    public ClinicSort Sort { get; private init; }
    public int Page { get; private init; } = 1;
    /// <summary>What was ignored and why: each a whole sentence with its values as placeholders, so it translates whole.</summary>
    public IReadOnlyList<SearchNotice> Notices { get; private init; } = [];

    /// <summary>A search from the visitor's own position ("use my location") rather than a ZIP code or city.</summary>
    public static bool IsPositionSearch(IQueryCollection query) => query.ContainsKey("lat") || query.ContainsKey("lon");

    public static ClinicSearchRequest Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query, PlaceDirectory places)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase);
        string? First(string name) => values.TryGetValue(name, out var v) ? v.FirstOrDefault(x => !string.IsNullOrWhiteSpace(x))?.Trim() : null;
        var notices = new List<SearchNotice>();

        Place? origin = null;
        IReadOnlyList<string> suggestions = [];
        var notFound = false;
        var near = First("near");
        if (near is { Length: > MaxNearLength })
        {
            notices.Add(new("The location was longer than {0} characters and was ignored.", MaxNearLength));
            near = null;
        }

        if (near is not null)
        {
            var geocoded = places.Geocode(near);
            origin = geocoded.Place;
            suggestions = geocoded.Suggestions;
            notFound = !geocoded.Found;
        }
        else if (First("lat") is { } latText && First("lon") is { } lonText)
        {
            if (double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) && lat is >= -90 and <= 90 &&
                double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) && lon is >= -180 and <= 180)
            {
                origin = new Place(YourLocation, "", "", Math.Round(lat, 4), Math.Round(lon, 4));
            }
            else
            {
                notices.Add(new("The map position was not valid and was ignored."));
            }
        }

        var radius = First("radius") ?? DefaultRadius;
        if (!Radii.Contains(radius))
        {
            notices.Add(new("Distance must be one of {0} miles or any; showing {1} miles.", string.Join(", ", Radii.SkipLast(1)), DefaultRadius));
            radius = DefaultRadius;
        }

        var selected = new Dictionary<CodeSet, IReadOnlyList<string>>();
        foreach (var set in ClinicCodes.All)
        {
            if (!values.TryGetValue(set.Parameter, out var raw))
            {
                continue;
            }

            var known = new List<string>();
            foreach (var value in raw.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim().ToLowerInvariant()).Distinct())
            {
                if (set.IsKnown(value))
                {
                    known.Add(value);
                }
                else
                {
                    notices.Add(new("“{0}” is not one of the choices under “{1}”, so it was ignored.", Shorten(value), set.Title) { TranslatedArguments = [1] });
                }
            }

            if (known.Count > 0)
            {
                selected[set] = known;
            }
        }

        var keywords = First("q");
        if (keywords is { Length: > MaxQueryLength })
        {
            notices.Add(new("The keywords were longer than {0} characters and were ignored.", MaxQueryLength));
            keywords = null;
        }

        if (keywords is not null && SearchIndex.Terms(keywords).Count == 0)
        {
            keywords = null;
        }

        var sort = First("sort") switch
        {
            "name" => ClinicSort.Name,
            "distance" or null => origin is null ? ClinicSort.Name : ClinicSort.Distance,
            "soonest" => ClinicSort.Soonest,
            var other => Invalid(notices, new(origin is null ? "Sorting by “{0}” is not possible; sorted by name." : "Sorting by “{0}” is not possible; sorted by distance.", Shorten(other)), origin is null ? ClinicSort.Name : ClinicSort.Distance),
        };
        if (sort == ClinicSort.Distance && origin is null)
        {
            sort = ClinicSort.Name;
        }

        var page = 1;
        if (First("page") is { } pageText && (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            notices.Add(new("The page number was not valid; showing the first page."));
            page = 1;
        }

        int? startWithin = null;
        if (First("start") is { } startText)
        {
            if (int.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && StartWithin.Contains(days))
            {
                startWithin = days;
            }
            else
            {
                notices.Add(new("“Can start within” must be 7, 14 or 30 days; the filter was ignored."));
            }
        }

        var times = new List<string>();
        if (values.TryGetValue("time", out var timeValues))
        {
            foreach (var time in timeValues.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim().ToLowerInvariant()).Distinct())
            {
                if (Times.Contains(time))
                {
                    times.Add(time);
                }
                else
                {
                    notices.Add(new("“{0}” is not a time of day we know (daytime, evening or weekend), so it was ignored.", Shorten(time)));
                }
            }
        }

        var accepting = First("accepting");
        if (accepting is not null && accepting != "yes")
        {
            notices.Add(new("“accepting” can only be yes; the filter was ignored."));
        }

        return new ClinicSearchRequest
        {
            Near = near,
            Origin = origin,
            Suggestions = suggestions,
            LocationNotFound = notFound,
            Radius = radius,
            Selected = selected,
            AcceptingOnly = accepting == "yes",
            StartWithinDays = startWithin,
            TimesOfDay = Times.Where(times.Contains).ToList(),
            Keywords = keywords,
            Sort = sort,
            Page = page,
            Notices = notices,
        };
    }

    private static ClinicSort Invalid(List<SearchNotice> notices, SearchNotice notice, ClinicSort fallback)
    {
        notices.Add(notice);
        return fallback;
    }

    private static string Shorten(string value) => value.Length > 30 ? value[..30] + "…" : value;

    public bool IsSelected(CodeSet set, string code) => Selected.TryGetValue(set, out var codes) && codes.Contains(code);

    /// <summary>The search to run. Keyword matches come from the site search index, as ids.</summary>
    public ClinicQuery ToQuery(SearchIndex search, int pageSize = 20) => new()
    {
        Latitude = Origin?.Latitude,
        Longitude = Origin?.Longitude,
        RadiusMiles = Radius == "any" || Origin is null ? null : double.Parse(Radius, CultureInfo.InvariantCulture),
        Filters = Selected.ToDictionary(p => p.Key, p => p.Key.Mask(p.Value)),
        AcceptingOnly = AcceptingOnly,
        StartWithinDays = StartWithinDays,
        TimeMask = ClinicSnapshot.TimeMask(TimesOfDay),
        OnlyIds = Keywords is null ? null : search.MatchingClinicIds(Keywords),
        Sort = Sort,
        Page = Page,
        PageSize = pageSize,
    };

    /// <summary>This search's parameters in canonical form, with changes applied, for links that keep the search.</summary>
    public string Url(string path = "/clinics", Action<List<KeyValuePair<string, string?>>>? change = null)
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        if (Near is not null && !LocationNotFound) parameters.Add(new("near", Near));
        else if (Origin is not null) { parameters.Add(new("lat", Origin.Latitude.ToString(CultureInfo.InvariantCulture))); parameters.Add(new("lon", Origin.Longitude.ToString(CultureInfo.InvariantCulture))); }
        if (Radius != DefaultRadius) parameters.Add(new("radius", Radius));
        foreach (var (set, codes) in Selected.OrderBy(p => ClinicCodes.All.ToList().IndexOf(p.Key)))
        {
            parameters.AddRange(codes.Select(c => new KeyValuePair<string, string?>(set.Parameter, c)));
        }

        if (AcceptingOnly) parameters.Add(new("accepting", "yes"));
        if (StartWithinDays is { } days) parameters.Add(new("start", days.ToString(CultureInfo.InvariantCulture)));
        parameters.AddRange(TimesOfDay.Select(t => new KeyValuePair<string, string?>("time", t)));
        if (Keywords is not null) parameters.Add(new("q", Keywords));
        if (Sort == ClinicSort.Name && Origin is not null) parameters.Add(new("sort", "name"));
        if (Sort == ClinicSort.Soonest) parameters.Add(new("sort", "soonest"));
        if (Page > 1) parameters.Add(new("page", Page.ToString(CultureInfo.InvariantCulture)));
        change?.Invoke(parameters);
        return QueryHelpers.AddQueryString(path, parameters);
    }

    public string PageUrl(int page) => Url(change: p =>
    {
        p.RemoveAll(x => x.Key == "page");
        if (page > 1) p.Add(new("page", page.ToString(CultureInfo.InvariantCulture)));
    });
}

/// <summary>
/// A notice about a search parameter that was ignored: an English sentence with <c>{0}</c> placeholders (the resource
/// key), its values, and which values are themselves labels to translate (a filter's title). <see cref="Text"/> is
/// the English, for the API.
/// </summary>
public sealed record SearchNotice(string Template, params object[] Arguments)
{
    /// <summary>Positions of <see cref="Arguments"/> that are resource keys (labels) rather than what the visitor typed.</summary>
    public IReadOnlyList<int> TranslatedArguments { get; init; } = [];

    public string Text => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, Arguments);

    public override string ToString() => Text;
}
