using IopFinder.Web.Search;

namespace IopFinder.Web.Clinics;

/// <summary>
/// Active listings as plain arrays (a few bytes per field), laid out for search: ordered by
/// latitude band, then longitude. A radius search reads only the bands the radius can reach and,
/// in each, only the longitudes it can reach (found by binary search), then checks the exact
/// distance. A 25-mile search among 100,000 listings reads a few hundred instead of all of them.
/// Searches with no radius, or no place, still read every listing.
/// </summary>
public sealed class ClinicSnapshot
{
    public const double EarthRadiusMiles = 3958.8;

    /// <summary>Band height: about 17 miles, so a typical radius spans a handful of bands.</summary>
    private const double BandDegrees = 0.25;
    private const int BandCount = (int)(180 / BandDegrees);

    /// <summary>
    /// Widens the bounding box by far less than a metre so rounding in its own arithmetic can never
    /// exclude a listing that the exact distance test would keep.
    /// </summary>
    private const double BoxSlackDegrees = 1e-6;

    private readonly long[] _ids;
    private readonly double[] _latitudes;
    private readonly double[] _longitudes;
    private readonly long[][] _masks;
    private readonly bool[] _accepting;
    private readonly bool[] _demo;

    /// <summary>Each listing's openings, as day numbers: see <see cref="EarliestStartDay"/>.</summary>
    private readonly byte[] _times;
    private readonly byte[] _openingKind;
    private readonly int[] _openingDay;
    private readonly int[] _openingAsOf;
    private readonly string[] _sortNames;

    /// <summary>Every index in name order (ties by id): a name-ordered page is a walk, not a sort of the matches.</summary>
    private readonly int[] _byName;

    /// <summary>The same without demo listings: what HSDS pages through on a site that does not publish them.</summary>
    private readonly int[] _byNameReal;
    private readonly double[] _sinLat;
    private readonly double[] _cosLat;
    private readonly double[] _sinLon;
    private readonly double[] _cosLon;

    /// <summary>Listings of band b are at positions <c>_bandStart[b]</c> up to <c>_bandStart[b + 1]</c>.</summary>
    private readonly int[] _bandStart;

    /// <summary>
    /// Match buffers shared by concurrent searches. A wide search can match most listings; reusing
    /// buffers keeps those large arrays off the large-object heap, and a pool (rather than one per
    /// thread) keeps only as many as searches actually run at once.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentBag<List<(int Index, double Distance)>> Buffers = [];

    public static readonly ClinicSnapshot Empty = Build([]);

    private ClinicSnapshot(Builder builder)
    {
        var count = builder.Ids.Count;
        var order = Enumerable.Range(0, count).ToArray();
        var bands = builder.Latitudes.Select(Band).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byBand = bands[a].CompareTo(bands[b]);
            if (byBand != 0) return byBand;
            var byLongitude = builder.Longitudes[a].CompareTo(builder.Longitudes[b]);
            return byLongitude != 0 ? byLongitude : builder.Ids[a].CompareTo(builder.Ids[b]);
        });

        T[] Ordered<T>(IReadOnlyList<T> values) => order.Select(i => values[i]).ToArray();
        DemoCount = builder.DemoCount;
        _ids = Ordered(builder.Ids);
        _latitudes = Ordered(builder.Latitudes);
        _longitudes = Ordered(builder.Longitudes);
        _masks = builder.Masks.Select(Ordered).ToArray();
        _accepting = Ordered(builder.Accepting);
        _demo = Ordered(builder.Demo);
        _times = Ordered(builder.Times);
        _openingKind = Ordered(builder.OpeningKinds);
        _openingDay = Ordered(builder.OpeningDays);
        _openingAsOf = Ordered(builder.OpeningAsOf);
        _sortNames = Ordered(builder.SortNames);
        _byName = Enumerable.Range(0, count).ToArray();
        Array.Sort(_byName, (a, b) =>
        {
            var byName = string.CompareOrdinal(_sortNames[a], _sortNames[b]);
            return byName != 0 ? byName : _ids[a].CompareTo(_ids[b]);
        });
        _byNameReal = Array.FindAll(_byName, i => !_demo[i]);
        _sinLat = _latitudes.Select(l => Math.Sin(l * Math.PI / 180)).ToArray();
        _cosLat = _latitudes.Select(l => Math.Cos(l * Math.PI / 180)).ToArray();
        _sinLon = _longitudes.Select(l => Math.Sin(l * Math.PI / 180)).ToArray();
        _cosLon = _longitudes.Select(l => Math.Cos(l * Math.PI / 180)).ToArray();

        _bandStart = new int[BandCount + 1];
        foreach (var band in bands)
        {
            _bandStart[band + 1]++;
        }

        for (var b = 1; b <= BandCount; b++)
        {
            _bandStart[b] += _bandStart[b - 1];
        }
    }

    /// <summary>How many of the listings are fictional demo data, so the site can say so in its header.</summary>
    public int DemoCount { get; }

    /// <summary>How many active listings the snapshot holds.</summary>
    public int Count => _ids.Length;

    /// <summary>Builds a snapshot from active listings; the builder keeps only the fields search needs.</summary>
    public static ClinicSnapshot Build(IEnumerable<Clinic> clinics)
    {
        var builder = new Builder();
        foreach (var clinic in clinics)
        {
            builder.Add(clinic);
        }

        return builder.Build();
    }

    /// <summary>Daytime, evening and weekend as bits, in the order of <see cref="ClinicSearchRequest.Times"/>.</summary>
    public static byte TimeMask(IEnumerable<string> times) =>
        (byte)times.Select(t => Array.IndexOf(ClinicSearchRequest.Times, t)).Where(i => i >= 0).Aggregate(0, (mask, i) => mask | (1 << i));

    /// <summary>A listing's times of day: from its IOP schedule (day, evening and weekend tracks).</summary>
    public static byte TimeMask(Clinic clinic) =>
        TimeMask(new[] { clinic.IopDay ? "daytime" : null, clinic.IopEvening ? "evening" : null, clinic.IopWeekend ? "weekend" : null }.OfType<string>());

    private static int Band(double latitude) => Math.Clamp((int)Math.Floor((latitude + 90) / BandDegrees), 0, BandCount - 1);

    public ClinicResultPage Search(ClinicQuery query)
    {
        if (!Buffers.TryTake(out var matches))
        {
            matches = new List<(int Index, double Distance)>(1024);
        }

        try
        {
            return Search(query, matches);
        }
        finally
        {
            matches.Clear();
            Buffers.Add(matches);
        }
    }

    private ClinicResultPage Search(ClinicQuery query, List<(int Index, double Distance)> matches)
    {
        var probe = new Probe(query);
        if (!probe.HasOrigin && query.Sort == ClinicSort.Name && probe.FilterSets.Length == 0 && !probe.AcceptingOnly && probe.OnlyIds is null
            && probe.TimeMask == 0 && probe.LastStartDay is null)
        {
            // Every listing matches (or every real one): the page is a slice of the name index.
            return Slice(query, probe.ExcludeDemo ? _byNameReal : _byName);
        }

        if (probe.HasOrigin && query.RadiusMiles is { } miles)
        {
            foreach (var (start, end) in RunsWithin(query.Latitude!.Value, query.Longitude!.Value, miles))
            {
                Scan(probe, start, end, matches);
            }
        }
        else
        {
            Scan(probe, 0, _ids.Length, matches);
        }

        if (!probe.HasOrigin && query.Sort == ClinicSort.Name)
        {
            return ByName(query, matches);
        }

        Comparison<(int Index, double Distance)> byPlace = probe.HasOrigin && query.Sort != ClinicSort.Name
            ? (a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : _ids[a.Index].CompareTo(_ids[b.Index])
            : (a, b) =>
            {
                var byName = string.CompareOrdinal(_sortNames[a.Index], _sortNames[b.Index]);
                return byName != 0 ? byName : _ids[a.Index].CompareTo(_ids[b.Index]);
            };
        var (today, trust) = (query.Today.DayNumber, query.TrustDays);
        var order = query.Sort != ClinicSort.Soonest ? byPlace : (a, b) =>
        {
            var bySoonest = EarliestStartDay(a.Index, today, trust).CompareTo(EarliestStartDay(b.Index, today, trust));
            return bySoonest != 0 ? bySoonest : byPlace(a, b);
        };

        var size = Math.Max(1, query.PageSize);
        var pageCount = Math.Max(1, (matches.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var hits = TopN(matches, page * size, order).Skip((page - 1) * size)
            .Select(m => new ClinicHit(_ids[m.Index], probe.HasOrigin ? Math.Round(Miles(query.Latitude!.Value, query.Longitude!.Value, _latitudes[m.Index], _longitudes[m.Index]), 1) : null))
            .ToList();
        return new ClinicResultPage(hits, matches.Count, page, pageCount);
    }

    /// <summary>
    /// A page of matches in name order, found by walking <see cref="_byName"/>: the same order as sorting the matches,
    /// at the cost of one pass whatever the page, where a sort costs more the deeper the page (the HSDS API pages
    /// through every listing by name).
    /// </summary>
    private ClinicResultPage ByName(ClinicQuery query, List<(int Index, double Distance)> matches)
    {
        var size = Math.Max(1, query.PageSize);
        var pageCount = Math.Max(1, (matches.Count + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var matched = System.Buffers.ArrayPool<bool>.Shared.Rent(_ids.Length);
        try
        {
            Array.Clear(matched, 0, _ids.Length);
            foreach (var (index, _) in matches)
            {
                matched[index] = true;
            }

            var skip = (long)(page - 1) * size;
            var hits = new List<ClinicHit>(Math.Min(size, matches.Count));
            for (var n = 0; n < _byName.Length && hits.Count < size; n++)
            {
                var i = _byName[n];
                if (matched[i] && skip-- <= 0)
                {
                    hits.Add(new ClinicHit(_ids[i], null));
                }
            }

            return new ClinicResultPage(hits, matches.Count, page, pageCount);
        }
        finally
        {
            System.Buffers.ArrayPool<bool>.Shared.Return(matched);
        }
    }

    private ClinicResultPage Slice(ClinicQuery query, int[] order)
    {
        var size = Math.Max(1, query.PageSize);
        var pageCount = Math.Max(1, (order.Length + size - 1) / size);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var start = (int)Math.Min(order.Length, (long)(page - 1) * size);
        var hits = new List<ClinicHit>(Math.Min(size, order.Length - start));
        for (var n = start; n < order.Length && hits.Count < size; n++)
        {
            hits.Add(new ClinicHit(_ids[order[n]], null));
        }

        return new ClinicResultPage(hits, order.Length, page, pageCount);
    }

    /// <summary>What one search tests each listing against, worked out once per search.</summary>
    private readonly struct Probe
    {
        public Probe(ClinicQuery query)
        {
            var sets = new List<int>(ClinicCodes.All.Count);
            var masks = new List<long>(ClinicCodes.All.Count);
            for (var f = 0; f < ClinicCodes.All.Count; f++)
            {
                if (query.Filters.GetValueOrDefault(ClinicCodes.All[f]) is var mask and not 0)
                {
                    sets.Add(f);
                    masks.Add(mask);
                }
            }

            FilterSets = [.. sets];
            FilterMasks = [.. masks];
            AcceptingOnly = query.AcceptingOnly;
            ExcludeDemo = query.ExcludeDemo;
            Today = query.Today.DayNumber;
            TrustDays = query.TrustDays;
            LastStartDay = query.StartWithinDays is { } days ? Today + days : null;
            TimeMask = query.TimeMask;
            OnlyIds = query.OnlyIds;
            HasOrigin = query.HasOrigin;
            var lat0 = query.Latitude.GetValueOrDefault() * Math.PI / 180;
            var lon0 = query.Longitude.GetValueOrDefault() * Math.PI / 180;
            (SinLat, CosLat, SinLon, CosLon) = (Math.Sin(lat0), Math.Cos(lat0), Math.Sin(lon0), Math.Cos(lon0));
            // Ranking and the radius test use the haversine term h = sin²(d/2R), which grows with distance,
            // from precomputed sines and cosines: no trigonometry per listing. Miles are computed for shown hits only.
            MaxH = HasOrigin && query.RadiusMiles is { } r ? Math.Pow(Math.Sin(Math.Min(Math.PI / 2, r / (2 * EarthRadiusMiles))), 2) : double.MaxValue;
        }

        public int[] FilterSets { get; }
        public long[] FilterMasks { get; }
        public bool AcceptingOnly { get; }

        public bool ExcludeDemo { get; }
        public int Today { get; }
        public int TrustDays { get; }

        /// <summary>With a "can start within" filter, the last day (as a day number) a listing's earliest start may be.</summary>
        public int? LastStartDay { get; }
        public byte TimeMask { get; }
        public IdSet? OnlyIds { get; }
        public bool HasOrigin { get; }
        public double SinLat { get; }
        public double CosLat { get; }
        public double SinLon { get; }
        public double CosLon { get; }
        public double MaxH { get; }
    }

    /// <summary>Adds the listings at positions [start, end) that pass every test, with their haversine term.</summary>
    private void Scan(in Probe probe, int start, int end, List<(int Index, double Distance)> matches)
    {
        var (filterSets, filterMasks, onlyIds) = (probe.FilterSets, probe.FilterMasks, probe.OnlyIds);
        var (accepting, origin, maxH) = (probe.AcceptingOnly, probe.HasOrigin, probe.MaxH);
        var (sinLat0, cosLat0, sinLon0, cosLon0) = (probe.SinLat, probe.CosLat, probe.SinLon, probe.CosLon);
        for (var i = start; i < end; i++)
        {
            var keep = true;
            for (var f = 0; f < filterSets.Length; f++)
            {
                if ((_masks[filterSets[f]][i] & filterMasks[f]) == 0)
                {
                    keep = false;
                    break;
                }
            }

            if (!keep || (accepting && !_accepting[i]) || (probe.ExcludeDemo && _demo[i]) || (onlyIds is not null && !onlyIds.Contains(_ids[i]))
                || (probe.TimeMask != 0 && (_times[i] & probe.TimeMask) == 0)
                || (probe.LastStartDay is { } last && EarliestStartDay(i, probe.Today, probe.TrustDays) > last))
            {
                continue;
            }

            var h = 0.0;
            if (origin)
            {
                var cosDLat = cosLat0 * _cosLat[i] + sinLat0 * _sinLat[i];
                var cosDLon = cosLon0 * _cosLon[i] + sinLon0 * _sinLon[i];
                h = (1 - cosDLat) / 2 + cosLat0 * _cosLat[i] * (1 - cosDLon) / 2;
                if (h > maxH)
                {
                    continue;
                }
            }

            matches.Add((i, h));
        }
    }

    /// <summary>
    /// The day number on which someone could first start at listing <paramref name="i"/>, by the same rules as
    /// <see cref="Openings.EarliestStart"/>, or <see cref="int.MaxValue"/> when its openings are unknown, full,
    /// no longer believed or a start date that has passed.
    /// </summary>
    private int EarliestStartDay(int i, int today, int trustDays)
    {
        var asOf = _openingAsOf[i];
        if (asOf > today || today - asOf > trustDays)
        {
            return int.MaxValue;
        }

        var day = _openingDay[i];
        return _openingKind[i] switch
        {
            Builder.OpenKind => today,
            Builder.NextStartKind => day >= today ? day : int.MaxValue,
            Builder.WaitlistKind => Math.Max(day, today),
            _ => int.MaxValue,
        };
    }

    /// <summary>
    /// The runs of positions inside the bounding box of a circle on the sphere: latitudes within the
    /// angular radius d, and longitudes within asin(sin d / cos lat), the widest a circle reaches east
    /// and west. Near a pole, or across the antimeridian, a band is read whole rather than split, which
    /// is simpler and still exact after the distance test.
    /// </summary>
    private IEnumerable<(int Start, int End)> RunsWithin(double latitude, double longitude, double miles)
    {
        var d = miles / EarthRadiusMiles;
        var dDegrees = d * 180 / Math.PI;
        var south = latitude - dDegrees - BoxSlackDegrees;
        var north = latitude + dDegrees + BoxSlackDegrees;
        double west = -180, east = 180;
        var wholeBands = true;
        if (south > -90 && north < 90 && Math.Sin(d) / Math.Cos(latitude * Math.PI / 180) is var s and < 1)
        {
            var dLon = Math.Asin(s) * 180 / Math.PI + BoxSlackDegrees;
            west = longitude - dLon;
            east = longitude + dLon;
            wholeBands = west < -180 || east > 180;
        }

        for (var band = Band(south); band <= Band(north); band++)
        {
            var (start, end) = (_bandStart[band], _bandStart[band + 1]);
            if (start < end)
            {
                yield return wholeBands ? (start, end) : (LowerBound(start, end, west), UpperBound(start, end, east));
            }
        }
    }

    /// <summary>The first position in [start, end) whose longitude is at least <paramref name="value"/>.</summary>
    private int LowerBound(int start, int end, double value)
    {
        while (start < end)
        {
            var mid = start + ((end - start) >> 1);
            if (_longitudes[mid] < value) start = mid + 1;
            else end = mid;
        }

        return start;
    }

    /// <summary>The first position in [start, end) whose longitude is above <paramref name="value"/>.</summary>
    private int UpperBound(int start, int end, double value)
    {
        while (start < end)
        {
            var mid = start + ((end - start) >> 1);
            if (_longitudes[mid] <= value) start = mid + 1;
            else end = mid;
        }

        return start;
    }

    /// <summary>
    /// The first <paramref name="n"/> items in order, without sorting them all: a search over the whole
    /// country matches tens of thousands of listings but shows twenty.
    /// </summary>
    private static List<T> TopN<T>(List<T> items, int n, Comparison<T> order)
    {
        if (items.Count <= n * 4)
        {
            items.Sort(order);
            return items.GetRange(0, Math.Min(n, items.Count));
        }

        var comparer = Comparer<T>.Create((a, b) => order(b, a));
        var heap = new PriorityQueue<T, T>(n + 1, comparer);
        foreach (var item in items)
        {
            if (heap.Count < n)
            {
                heap.Enqueue(item, item);
            }
            else if (order(item, heap.Peek()) < 0)
            {
                heap.EnqueueDequeue(item, item);
            }
        }

        var top = new List<T>(heap.Count);
        while (heap.Count > 0)
        {
            top.Add(heap.Dequeue());
        }

        top.Reverse();
        return top;
    }

    /// <summary>Great-circle distance in miles between two points given in radians.</summary>
    private static double Haversine(double lat1, double lon1, double cosLat1, double lat2, double lon2)
    {
        var dLat = lat2 - lat1;
        var dLon = lon2 - lon1;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + cosLat1 * Math.Cos(lat2) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMiles * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>Great-circle distance in miles between two points given in degrees.</summary>
    public static double Miles(double lat1, double lon1, double lat2, double lon2)
    {
        var r1 = lat1 * Math.PI / 180;
        return Haversine(r1, lon1 * Math.PI / 180, Math.Cos(r1), lat2 * Math.PI / 180, lon2 * Math.PI / 180);
    }

    /// <summary>
    /// Collects the fields search needs, column by column, so reading 100,000 rows never holds
    /// 100,000 full listings at once.
    /// </summary>
    public sealed class Builder
    {
        internal List<long> Ids { get; } = [];
        internal List<double> Latitudes { get; } = [];
        internal List<double> Longitudes { get; } = [];
        internal List<long>[] Masks { get; } = ClinicCodes.All.Select(_ => new List<long>()).ToArray();
        internal List<bool> Accepting { get; } = [];
        internal List<bool> Demo { get; } = [];
        internal List<byte> Times { get; } = [];
        internal List<byte> OpeningKinds { get; } = [];
        internal List<int> OpeningDays { get; } = [];
        internal List<int> OpeningAsOf { get; } = [];

        internal const byte NoKind = 0, OpenKind = 1, NextStartKind = 2, WaitlistKind = 3;
        internal List<string> SortNames { get; } = [];
        internal int DemoCount { get; private set; }

        public void Add(Clinic clinic)
        {
            DemoCount += clinic.IsDemo ? 1 : 0;
            Ids.Add(clinic.Id);
            Latitudes.Add(clinic.Latitude);
            Longitudes.Add(clinic.Longitude);
            for (var f = 0; f < ClinicCodes.All.Count; f++)
            {
                Masks[f].Add(clinic.MaskOf(ClinicCodes.All[f]));
            }

            Accepting.Add(clinic.Accepting == "yes");
            Demo.Add(clinic.IsDemo);
            Times.Add(TimeMask(clinic));
            // Stored once as day numbers, so a search compares integers: the start day of a next start, the day a
            // waiting list is expected to end; unknown, full and undated openings can never start "within" anything.
            var openings = clinic.Openings;
            var kind = openings.AsOf is null ? NoKind : openings.Status switch
            {
                OpeningStatus.Open => OpenKind,
                OpeningStatus.NextStart when openings.NextStart is not null => NextStartKind,
                OpeningStatus.Waitlist when openings.WaitWeeks is not null => WaitlistKind,
                _ => NoKind,
            };
            OpeningKinds.Add(kind);
            OpeningAsOf.Add(openings.AsOf?.DayNumber ?? int.MaxValue);
            OpeningDays.Add(kind switch
            {
                NextStartKind => openings.NextStart!.Value.DayNumber,
                WaitlistKind => openings.AsOf!.Value.DayNumber + 7 * openings.WaitWeeks!.Value,
                _ => 0,
            });
            SortNames.Add(clinic.Name.ToUpperInvariant());
        }

        public ClinicSnapshot Build() => new(this);
    }
}
