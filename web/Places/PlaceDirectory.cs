using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace IopFinder.Web.Places;

/// <summary>A ZIP code's centre, or a city's (the mean of its ZIP centres).</summary>
public sealed record Place(string Label, string City, string State, double Latitude, double Longitude, string? Zip = null);

/// <summary>What a typed location resolved to: a place, or suggestions when it did not resolve.</summary>
public sealed record GeocodeResult(Place? Place, IReadOnlyList<string> Suggestions)
{
    public bool Found => Place is not null;
}

/// <summary>
/// Offline geocoding from the committed ZIP table (web/Places/zips.csv.gz, rebuilt by build-zips.mjs).
/// No request ever leaves the server to look up a location.
/// </summary>
public sealed partial class PlaceDirectory
{
    private readonly Dictionary<string, Place> _byZip = new(StringComparer.Ordinal);
    private readonly Dictionary<(string City, string State), Place> _byCity = new();

    private static readonly Lazy<PlaceDirectory> Loaded = new(() => new PlaceDirectory());

    /// <summary>
    /// The table, read once per process: it is embedded in the assembly, so it cannot change while the
    /// process runs, and every site a process hosts (the tests start hundreds) can share one copy.
    /// </summary>
    public static PlaceDirectory Shared => Loaded.Value;

    private PlaceDirectory()
    {
        using var stream = typeof(PlaceDirectory).Assembly.GetManifestResourceStream("IopFinder.Web.Places.zips.csv.gz")
            ?? throw new InvalidOperationException("The ZIP table is not embedded.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress));
        reader.ReadLine();
        var cities = new Dictionary<(string, string), List<Place>>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var parts = line.Split(',');
            var city = parts[1].Trim('"');
            var place = new Place($"{parts[0]} ({city}, {parts[2]})", city, parts[2],
                double.Parse(parts[3], CultureInfo.InvariantCulture), double.Parse(parts[4], CultureInfo.InvariantCulture), parts[0]);
            _byZip[parts[0]] = place;
            var key = (city.ToUpperInvariant(), parts[2]);
            if (!cities.TryGetValue(key, out var list))
            {
                cities[key] = list = [];
            }

            list.Add(place);
        }

        var towns = new List<(Place Place, int Zips)>();
        foreach (var ((_, state), places) in cities)
        {
            var first = places[0];
            var town = new Place($"{first.City}, {state}", first.City, state, places.Average(p => p.Latitude), places.Average(p => p.Longitude));
            _byCity[(first.City.ToUpperInvariant(), state)] = town;
            towns.Add((town, places.Count));
        }

        // Biggest first, by how many ZIP codes a town has: the table has no populations, and a town with many ZIP
        // codes is one a reader knows.
        _towns = towns.OrderByDescending(t => t.Zips).ThenBy(t => t.Place.Label, StringComparer.Ordinal).Select(t => t.Place).ToArray();
        _townLatitudes = _towns.Select(t => t.Latitude).ToArray();
        _townLongitudes = _towns.Select(t => t.Longitude).ToArray();
    }

    private readonly Place[] _towns;

    // The towns' coordinates side by side, so a map's scan of all of them reads memory in order.
    private readonly double[] _townLatitudes;
    private readonly double[] _townLongitudes;

    /// <summary>
    /// Up to <paramref name="count"/> towns within <paramref name="miles"/> of a point, biggest first, none closer than
    /// <paramref name="spacingMiles"/> to one already chosen: the few names a map needs for a reader to find their way.
    /// </summary>
    public IReadOnlyList<Place> TownsAround(double latitude, double longitude, double miles, int count, double spacingMiles)
    {
        var chosen = new List<Place>(count);
        var cosine = Math.Max(Math.Cos(latitude * Math.PI / 180), 0.05);
        // Flat-earth miles are close enough to space labels, and a tenth of the cost of great-circle ones.
        double Squared(double lat1, double lon1, double lat2, double lon2)
        {
            var (dy, dx) = ((lat2 - lat1) * 69.09, (lon2 - lon1) * 69.09 * cosine);
            return dx * dx + dy * dy;
        }

        var (latitudeSpan, longitudeSpan) = (miles / 69.09, miles / (69.09 * cosine));
        var (reach, spacing) = (miles * miles, spacingMiles * spacingMiles);
        // The biggest towns come first, so a few hundred candidates in the frame are plenty to choose from.
        var candidates = 0;
        for (var i = 0; i < _towns.Length; i++)
        {
            if (Math.Abs(_townLatitudes[i] - latitude) > latitudeSpan || Math.Abs(_townLongitudes[i] - longitude) > longitudeSpan
                || Squared(latitude, longitude, _townLatitudes[i], _townLongitudes[i]) > reach)
            {
                continue;
            }

            var town = _towns[i];

            if (++candidates > 500)
            {
                break;
            }

            if (chosen.Exists(c => Squared(c.Latitude, c.Longitude, town.Latitude, town.Longitude) < spacing))
            {
                continue;
            }

            chosen.Add(town);
            if (chosen.Count == count)
            {
                break;
            }
        }

        return chosen;
    }

    public IReadOnlyCollection<Place> Zips => _byZip.Values;

    public Place? Zip(string zip) => _byZip.GetValueOrDefault(zip);

    public Place? City(string city, string state) => _byCity.GetValueOrDefault((city.Trim().ToUpperInvariant(), state.Trim().ToUpperInvariant()));

    /// <summary>Resolves "22903", "Charlottesville, VA" or "Charlottesville VA"; otherwise suggests close matches.</summary>
    public GeocodeResult Geocode(string? text)
    {
        var input = (text ?? "").Trim();
        if (input.Length == 0)
        {
            return new GeocodeResult(null, []);
        }

        if (Clinics.ListingRules.ZipOf(input) is { } zip)
        {
            if (_byZip.TryGetValue(zip, out var place))
            {
                return new GeocodeResult(place, []);
            }

            // Nearby numbers usually share a region: offer the closest known ZIPs.
            var number = int.Parse(zip, CultureInfo.InvariantCulture);
            var near = _byZip.Keys.OrderBy(z => Math.Abs(int.Parse(z, CultureInfo.InvariantCulture) - number)).ThenBy(z => z, StringComparer.Ordinal).Take(3);
            return new GeocodeResult(null, near.Select(z => _byZip[z].Label).ToList());
        }

        var cityMatch = CityPattern().Match(input);
        if (cityMatch.Success)
        {
            var city = Collapse(cityMatch.Groups[1].Value);
            var state = StateNames.Code(cityMatch.Groups[2].Value);
            if (state is not null && City(city, state) is { } place)
            {
                return new GeocodeResult(place, []);
            }

            return new GeocodeResult(null, SuggestCities(city, state));
        }

        return new GeocodeResult(null, SuggestCities(Collapse(input), null));
    }

    private List<string> SuggestCities(string city, string? state)
    {
        var wanted = city.ToUpperInvariant();
        return _byCity
            .Where(c => state is null || c.Key.State == state)
            .Select(c => (Place: c.Value, Distance: Distance(wanted, c.Key.City)))
            .Where(c => c.Distance <= Math.Max(2, wanted.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Place.Label, StringComparer.Ordinal)
            .Take(5)
            .Select(c => c.Place.Label)
            .ToList();
    }

    private static string Collapse(string text) => Spaces().Replace(text.Trim(), " ");

    /// <summary>Edit distance, capped early because only small distances are useful as suggestions.</summary>
    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 4)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^([\p{L} .'\-]{1,60}?)\s*,?\s+([A-Za-z][A-Za-z .]{1,30})$")]
    private static partial Regex CityPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
