using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Text;

namespace IopFinder.Web.Places;

/// <summary>A numbered pin: the number is the one its result shows in the list beside the map.</summary>
public sealed record MapPin(int Number, double Latitude, double Longitude);

/// <summary>A place name written on the map so a reader can tell where it is.</summary>
public sealed record MapLabel(string Name, double Latitude, double Longitude);

/// <summary>
/// What one map shows. The frame is the circle of <c>RadiusMiles</c> around the centre, when there
/// is one, grown to take in every pin; otherwise the pins alone. <c>TitleId</c> is the id of the
/// page's element that describes the map in words: the map itself says nothing but place names.
/// </summary>
public sealed record MapView(
    double? CenterLatitude,
    double? CenterLongitude,
    double? RadiusMiles,
    IReadOnlyList<MapPin> Pins,
    IReadOnlyList<MapLabel> Places,
    string TitleId,
    bool DrawRadius = true);

/// <summary>
/// Draws regional maps of the United States as inline SVG from the committed state and county lines
/// (web/Places/boundaries.txt.gz, rebuilt by build-boundaries.mjs), so no map tile, script or font is
/// ever fetched from anyone else. Colours come from the site's stylesheet through the classes
/// <c>us-map</c>, <c>map-county</c>, <c>map-state</c>, <c>map-radius</c>, <c>map-centre</c>,
/// <c>map-place</c> and <c>map-pin</c>, so dark mode and print need nothing here.
/// </summary>
/// <remarks>
/// The projection is equirectangular around the frame's middle, with longitudes shortened by the cosine of its
/// latitude: over a region it keeps shapes and makes a radius a circle, and it needs no insets for Alaska,
/// Hawaii or Puerto Rico. The file moves the western Aleutians' longitudes west of -180°, and pins and places
/// there are moved the same way, so Alaska is drawn in one piece.
/// </remarks>
public sealed class UsMap
{
    private const double Width = 600;
    private const double Height = 400;
    // Miles in one degree of latitude, on a sphere of the Earth's mean radius (3,958.8 miles).
    private const double MilesPerDegree = 69.09;
    // The file's coordinates are whole ten-thousandths of a degree.
    private const double DegreesPerUnit = 1e-4;
    private const double MinimumSpanMiles = 10;
    // Past this width county lines would crowd the map into a grey mesh: only states are drawn.
    private const double CountyLinesUpToMiles = 600;
    // Kept clear inside each edge, so a pin on the frame's edge is drawn whole.
    private const double Inset = 16;
    // Lines run this far past the edges, so a stroke does not visibly end at them.
    private const double Overdraw = 4;
    private const double PinRadius = 11;
    private const double WideMapMiles = 1500;

    private static readonly Lazy<UsMap> Loaded = new(() =>
    {
        using var stream = typeof(UsMap).Assembly.GetManifestResourceStream("IopFinder.Web.Places.boundaries.txt.gz")
            ?? throw new InvalidOperationException("The boundary lines are not embedded.");
        return new UsMap(stream);
    });

    // Every line's points, one after another; a line's Start and End index them.
    private readonly int[] _x;
    private readonly int[] _y;
    private readonly Line[] _lines;

    /// <summary>
    /// The lines, read once per process: they are embedded in the assembly, cannot change while it runs, and
    /// take under 1 MB of memory, shared by every site the process hosts.
    /// </summary>
    public static UsMap Shared => Loaded.Value;

    /// <summary>Reads the gzipped format that build-boundaries.mjs writes (described there).</summary>
    internal UsMap(Stream gzipped)
    {
        var xs = new List<int>(48_000);
        var ys = new List<int>(48_000);
        var lines = new List<Line>(4_000);
        using var reader = new StreamReader(new GZipStream(gzipped, CompressionMode.Decompress), Encoding.ASCII);
        while (reader.ReadLine() is { Length: > 0 } text)
        {
            var fields = text.Split(' ');
            int start = xs.Count, x = 0, y = 0;
            int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
            // The first pair is absolute and the rest are steps, so summing from zero decodes both.
            for (var i = 1; i + 1 < fields.Length; i += 2)
            {
                x += int.Parse(fields[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                y += int.Parse(fields[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                xs.Add(x);
                ys.Add(y);
                minX = Math.Min(minX, x);
                minY = Math.Min(minY, y);
                maxX = Math.Max(maxX, x);
                maxY = Math.Max(maxY, y);
            }

            if (xs.Count - start >= 2)
            {
                lines.Add(new Line(fields[0] == "S", start, xs.Count, minX, minY, maxX, maxY));
            }
        }

        _x = xs.ToArray();
        _y = ys.ToArray();
        _lines = lines.ToArray();
    }

    /// <summary>The map as an <c>&lt;svg&gt;</c> element that scales to the width of its container.</summary>
    public string Draw(MapView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var map = Frame(view);
        var svg = new StringBuilder(32 * 1024);
        svg.Append("<svg class=\"us-map\" viewBox=\"0 0 600 400\" role=\"img\" aria-labelledby=\"")
            .Append(SecurityElement.Escape(view.TitleId))
            .Append("\" xmlns=\"http://www.w3.org/2000/svg\">");

        if (Width / map.UnitsPerMile <= CountyLinesUpToMiles)
        {
            AppendLines(svg, map, state: false, "map-county");
        }

        AppendLines(svg, map, state: true, "map-state");

        if (view.CenterLatitude is double latitude && view.CenterLongitude is double longitude
            && double.IsFinite(latitude) && double.IsFinite(longitude))
        {
            var cx = map.X(longitude);
            var cy = map.Y(latitude);
            if (view.DrawRadius && view.RadiusMiles is double radius && radius > 0 && double.IsFinite(radius))
            {
                svg.Append("<circle class=\"map-radius\"");
                AppendCircle(svg, cx, cy, radius * map.UnitsPerMile);
            }

            svg.Append("<circle class=\"map-centre\"");
            AppendCircle(svg, cx, cy, 4);
        }

        AppendPlaces(svg, map, view.Places, view.Pins);
        AppendPins(svg, map, view.Pins);
        return svg.Append("</svg>").ToString();
    }

    private void AppendLines(StringBuilder svg, Projection map, bool state, string cssClass)
    {
        // The view's extent in the file's units, to skip every line whose box lies outside it.
        var west = (int)Math.Floor(map.Longitude(-Overdraw) / DegreesPerUnit);
        var east = (int)Math.Ceiling(map.Longitude(Width + Overdraw) / DegreesPerUnit);
        var south = (int)Math.Floor(map.Latitude(Height + Overdraw) / DegreesPerUnit);
        var north = (int)Math.Ceiling(map.Latitude(-Overdraw) / DegreesPerUnit);
        var opened = false;
        // A map of half the continent is drawn in coarser steps: its lines are long and a unit of detail is lost on them.
        var minStep = Width / map.UnitsPerMile > WideMapMiles ? 2.5 : 1;
        foreach (var line in _lines)
        {
            if (line.IsState != state || line.MaxX < west || line.MinX > east || line.MaxY < south || line.MinY > north)
            {
                continue;
            }

            if (!opened)
            {
                svg.Append("<path class=\"").Append(cssClass).Append("\" d=\"");
                opened = true;
            }

            AppendLine(svg, map, line, minStep * minStep);
        }

        if (opened)
        {
            svg.Append("\"/>");
        }
    }

    /// <summary>
    /// Writes the parts of one line that cross the view: a segment wholly beyond one edge lifts the pen, and a
    /// point less than a step (a unit, or more on a wide map) from the last one written is left out.
    /// </summary>
    private void AppendLine(StringBuilder svg, Projection map, Line line, double minStepSquared)
    {
        var px = map.X(_x[line.Start] * DegreesPerUnit);
        var py = map.Y(_y[line.Start] * DegreesPerUnit);
        var previousSide = Side(px, py);
        bool drawing = false, previousWritten = false;
        double lastX = 0, lastY = 0;
        for (var i = line.Start + 1; i < line.End; i++)
        {
            var x = map.X(_x[i] * DegreesPerUnit);
            var y = map.Y(_y[i] * DegreesPerUnit);
            var side = Side(x, y);
            if ((previousSide & side) != 0)
            {
                if (drawing && !previousWritten)
                {
                    AppendPoint(svg, px, py);
                }

                drawing = false;
                previousWritten = false;
            }
            else
            {
                if (!drawing)
                {
                    svg.Append('M');
                    AppendNumber(svg, px);
                    svg.Append(' ');
                    AppendNumber(svg, py);
                    (lastX, lastY, drawing) = (px, py, true);
                }

                var dx = x - lastX;
                var dy = y - lastY;
                previousWritten = dx * dx + dy * dy >= minStepSquared || i == line.End - 1;
                if (previousWritten)
                {
                    AppendPoint(svg, x, y);
                    (lastX, lastY) = (x, y);
                }
            }

            (px, py, previousSide) = (x, y, side);
        }
    }

    private static void AppendPlaces(StringBuilder svg, Projection map, IReadOnlyList<MapLabel> places, IReadOnlyList<MapPin> pins)
    {
        for (var i = 0; i < places.Count; i++)
        {
            var place = places[i];
            var x = map.X(place.Longitude);
            var y = map.Y(place.Latitude);
            if (!(x >= 0 && x <= Width && y >= 0 && y <= Height) || UnderPin(map, x, y, pins))
            {
                continue;
            }

            svg.Append("<circle class=\"map-place-dot\"");
            AppendCircle(svg, x, y, 2.5);
            // Names near the right edge run leftwards from their dot, so they stay inside the frame.
            var leftwards = x > Width * 0.7;
            svg.Append("<text class=\"map-place\" x=\"");
            AppendNumber(svg, leftwards ? x - 5 : x + 5);
            svg.Append("\" y=\"");
            AppendNumber(svg, y);
            svg.Append(leftwards ? "\" dy=\"0.35em\" text-anchor=\"end\">" : "\" dy=\"0.35em\">")
                .Append(SecurityElement.Escape(place.Name))
                .Append("</text>");
        }
    }

    /// <summary>A name a pin would cover is left out: the pins are what the map is for.</summary>
    private static bool UnderPin(Projection map, double x, double y, IReadOnlyList<MapPin> pins)
    {
        for (var i = 0; i < pins.Count; i++)
        {
            var (dx, dy) = (map.X(pins[i].Longitude) - x, map.Y(pins[i].Latitude) - y);
            if (dx * dx + dy * dy < PinRadius * PinRadius * 2.25)
            {
                return true;
            }
        }

        return false;
    }

    private static void AppendPins(StringBuilder svg, Projection map, IReadOnlyList<MapPin> pins)
    {
        // The last pin first, so where pins overlap the lower numbers lie on top.
        for (var i = pins.Count - 1; i >= 0; i--)
        {
            var pin = pins[i];
            if (!double.IsFinite(pin.Latitude) || !double.IsFinite(pin.Longitude))
            {
                continue;
            }

            var x = map.X(pin.Longitude);
            var y = map.Y(pin.Latitude);
            svg.Append("<g class=\"map-pin\"><circle");
            AppendCircle(svg, x, y, PinRadius);
            if (pin.Number <= 0)
            {
                // A listing's own map has one pin, which needs no number.
                svg.Append("</g>");
                continue;
            }

            svg.Append("<text x=\"");
            AppendNumber(svg, x);
            svg.Append("\" y=\"");
            AppendNumber(svg, y);
            svg.Append("\" dy=\"0.35em\">")
                .Append(CultureInfo.InvariantCulture, $"{pin.Number}")
                .Append("</text></g>");
        }
    }

    /// <summary>
    /// The frame's middle and scale: the radius's circle and the pins, at least <see cref="MinimumSpanMiles"/>
    /// across, with a twentieth of their span spare on each side; the lower 48 states when there is nothing.
    /// </summary>
    private static Projection Frame(MapView view)
    {
        double south = double.PositiveInfinity, north = double.NegativeInfinity;
        double west = double.PositiveInfinity, east = double.NegativeInfinity;
        void Include(double latitude, double longitude)
        {
            longitude = Normalise(longitude);
            south = Math.Min(south, latitude);
            north = Math.Max(north, latitude);
            west = Math.Min(west, longitude);
            east = Math.Max(east, longitude);
        }

        if (view.CenterLatitude is double centreLatitude && view.CenterLongitude is double centreLongitude
            && double.IsFinite(centreLatitude) && double.IsFinite(centreLongitude))
        {
            var radius = view.RadiusMiles is double r && r > 0 && double.IsFinite(r) ? r : 0;
            var latitudeSpan = radius / MilesPerDegree;
            var longitudeSpan = radius / (MilesPerDegree * Cosine(centreLatitude));
            Include(centreLatitude - latitudeSpan, centreLongitude - longitudeSpan);
            Include(centreLatitude + latitudeSpan, centreLongitude + longitudeSpan);
        }

        for (var i = 0; i < view.Pins.Count; i++)
        {
            var pin = view.Pins[i];
            if (double.IsFinite(pin.Latitude) && double.IsFinite(pin.Longitude))
            {
                Include(pin.Latitude, pin.Longitude);
            }
        }

        if (south > north)
        {
            Include(24.5, -124.8);
            Include(49.4, -66.9);
        }

        var middleLatitude = (south + north) / 2;
        var cosine = Cosine(middleLatitude);
        var widthMiles = Math.Max((east - west) * MilesPerDegree * cosine, MinimumSpanMiles) * 1.1;
        var heightMiles = Math.Max((north - south) * MilesPerDegree, MinimumSpanMiles) * 1.1;
        var unitsPerMile = Math.Min((Width - 2 * Inset) / widthMiles, (Height - 2 * Inset) / heightMiles);
        return new Projection(middleLatitude, (west + east) / 2, unitsPerMile, unitsPerMile * MilesPerDegree * cosine);
    }

    // Far north the cosine nears zero; no U.S. land is past 72°, so the floor only guards odd input.
    private static double Cosine(double latitude) => Math.Max(Math.Cos(latitude * Math.PI / 180), 0.05);

    private static double Normalise(double longitude) => longitude > 170 ? longitude - 360 : longitude;

    /// <summary>Which edges of the view a point lies beyond, as bits: a segment whose ends share one is unseen.</summary>
    private static int Side(double x, double y) =>
        (x < -Overdraw ? 1 : 0) | (x > Width + Overdraw ? 2 : 0) | (y < -Overdraw ? 4 : 0) | (y > Height + Overdraw ? 8 : 0);

    private static void AppendCircle(StringBuilder svg, double x, double y, double radius)
    {
        svg.Append(" cx=\"");
        AppendNumber(svg, x);
        svg.Append("\" cy=\"");
        AppendNumber(svg, y);
        svg.Append("\" r=\"");
        AppendNumber(svg, radius);
        svg.Append("\"/>");
    }

    private static void AppendPoint(StringBuilder svg, double x, double y)
    {
        svg.Append(' ');
        AppendNumber(svg, x);
        svg.Append(' ');
        AppendNumber(svg, y);
    }

    /// <summary>Writes a number to one decimal place, without allocating, in the invariant culture.</summary>
    private static void AppendNumber(StringBuilder svg, double value)
    {
        var tenths = (long)Math.Round(value * 10);
        if (tenths < 0)
        {
            // Some cultures' minus sign is not '-'; writing it here keeps the digits culture-free.
            svg.Append('-');
            tenths = -tenths;
        }

        svg.Append(CultureInfo.InvariantCulture, $"{tenths / 10}");
        if (tenths % 10 != 0)
        {
            svg.Append('.').Append((char)('0' + tenths % 10));
        }
    }

    private readonly record struct Line(bool IsState, int Start, int End, int MinX, int MinY, int MaxX, int MaxY);

    /// <summary>Degrees to the view's units and back; y grows southwards, as SVG's does.</summary>
    private readonly record struct Projection(double MiddleLatitude, double MiddleLongitude, double UnitsPerMile, double UnitsPerDegreeLongitude)
    {
        private double UnitsPerDegreeLatitude => UnitsPerMile * MilesPerDegree;

        public double X(double longitude) => Width / 2 + (Normalise(longitude) - MiddleLongitude) * UnitsPerDegreeLongitude;

        public double Y(double latitude) => Height / 2 - (latitude - MiddleLatitude) * UnitsPerDegreeLatitude;

        public double Longitude(double x) => MiddleLongitude + (x - Width / 2) / UnitsPerDegreeLongitude;

        public double Latitude(double y) => MiddleLatitude - (y - Height / 2) / UnitsPerDegreeLatitude;
    }
}
