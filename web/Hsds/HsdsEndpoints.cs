using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IopFinder.Web.Clinics;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Hsds;

/// <summary>
/// The directory as an Open Referral HSDS 3.0 API (read-only), under /hsds: the endpoints of the standard's
/// openapi.json, paginated with its Page fields, filters cumulative, <c>format=ndjson</c> streaming every match
/// without pages. Only active listings; ids as <see cref="HsdsIds"/> makes them. Bad parameters get a 400 naming each.
/// </summary>
public static class HsdsEndpoints
{
    public const int DefaultPerPage = 50;
    public const int MaxPerPage = 100;
    public const string OpenApiUrl = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
    private const int LoadChunk = 500;
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static IEndpointRouteBuilder MapHsds(this IEndpointRouteBuilder endpoints)
    {
        var hsds = endpoints.MapGroup("/hsds").RequireCors(DirectoryEndpoints.CorsPolicy).RequireRateLimiting(RateLimits.Api);
        hsds.MapGet("/", (IOptions<SiteOptions> site) => Results.Ok(new
        {
            version = HsdsWriter.Version,
            profile = site.Value.Absolute("/hsds/profile"),
            openapi_url = OpenApiUrl,
        }));
        hsds.MapGet("/services", (HttpContext http, Deps deps) => Listings(http, deps, Kind.Service));
        hsds.MapGet("/service_at_locations", (HttpContext http, Deps deps) => Listings(http, deps, Kind.ServiceAtLocation));
        hsds.MapGet("/organizations", (HttpContext http, Deps deps) => Listings(http, deps, Kind.Organization));
        hsds.MapGet("/services/{id}", (string id, HttpContext http, Deps deps) => One(id, http, deps, Kind.Service));
        hsds.MapGet("/service_at_locations/{id}", (string id, HttpContext http, Deps deps) => One(id, http, deps, Kind.ServiceAtLocation));
        hsds.MapGet("/organizations/{id}", (string id, HttpContext http, Deps deps) => One(id, http, deps, Kind.Organization));
        hsds.MapGet("/taxonomies", (HttpContext http) => Taxonomies(http));
        hsds.MapGet("/taxonomies/{id}", (string id) => HsdsTaxonomies.Taxonomy(id) is { } t
            ? Json(w => HsdsWriter.Taxonomy(w, t))
            : NotFound("taxonomy", id));
        hsds.MapGet("/taxonomy_terms", (HttpContext http) => Terms(http));
        hsds.MapGet("/taxonomy_terms/{id}", (string id) => HsdsTaxonomies.Term(id) is { } t
            ? Json(w => HsdsWriter.Term(w, t))
            : NotFound("taxonomy term", id));
        return endpoints;
    }

    /// <summary>What the listing endpoints need, gathered so each route names one parameter.</summary>
    public sealed class Deps(ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places, HsdsWriter writer, IOptions<DirectoryOptions> directory)
    {
        /// <summary>Demo listings are published only when the operator says so (<see cref="DirectoryOptions.HsdsDemoListings"/>).</summary>
        public bool Demo { get; } = directory.Value.HsdsDemoListings;

        public ClinicIndex Index { get; } = index;
        public ClinicQueries Queries { get; } = queries;
        public SearchIndex Search { get; } = search;
        public PlaceDirectory Places { get; } = places;
        public HsdsWriter Writer { get; } = writer;
    }

    private enum Kind
    {
        Service,
        ServiceAtLocation,
        Organization,
    }

    private static IResult Listings(HttpContext http, Deps deps, Kind kind)
    {
        var query = http.Request.Query;
        var problems = new List<string>();
        var (page, perPage) = Paging(query, problems);
        var full = Flag(query, "full", problems);
        var fullService = Flag(query, "full_service", problems);
        var ndjson = Format(query, problems);
        var clinicQuery = Filter(query, deps, kind, problems);
        if (problems.Count > 0)
        {
            return BadRequest(problems);
        }

        void Write(Utf8JsonWriter w, Clinic c)
        {
            switch (kind)
            {
                case Kind.Service:
                    deps.Writer.Service(w, c, full);
                    break;
                case Kind.ServiceAtLocation:
                    deps.Writer.ServiceAtLocation(w, c, full, withLocation: true);
                    break;
                default:
                    deps.Writer.Organization(w, c, full || fullService, fullService);
                    break;
            }
        }

        if (ndjson)
        {
            var all = deps.Index.Search(clinicQuery! with { Page = 1, PageSize = Math.Max(1, deps.Index.Count) });
            return Results.Stream(async body =>
            {
                var buffer = new ArrayBufferWriter<byte>(64 * 1024);
                foreach (var chunk in all.Hits.Chunk(LoadChunk))
                {
                    foreach (var clinic in deps.Queries.ByIds(chunk.Select(h => h.Id).ToList()))
                    {
                        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
                        {
                            Write(w, clinic);
                        }

                        buffer.Write("\n"u8);
                    }

                    await body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
                    buffer.ResetWrittenCount();
                }
            }, "application/x-ndjson; charset=utf-8");
        }

        var (result, listings) = deps.Index.SearchAndLoad(deps.Queries, clinicQuery! with { Page = page, PageSize = perPage });
        // The snapshot clamps a page past the end to the last one; HSDS asks for that page, which is empty.
        var contents = result.Page == page ? listings.Select(l => l.Clinic).ToList() : [];
        return Page(result.Total, page, perPage, contents, Write);
    }

    private static IResult One(string id, HttpContext http, Deps deps, Kind kind)
    {
        if (!HsdsIds.IsUuid(id))
        {
            return BadRequest([$"'{id}' is not a UUID."]);
        }

        var role = kind switch
        {
            Kind.Service => HsdsIds.Role.Service,
            Kind.ServiceAtLocation => HsdsIds.Role.ServiceAtLocation,
            _ => HsdsIds.Role.Organization,
        };
        var problems = new List<string>();
        var fullService = Flag(http.Request.Query, "full_service", problems);
        if (problems.Count > 0)
        {
            return BadRequest(problems);
        }

        var listing = HsdsIds.ListingOf(id, role);
        var clinic = listing is { } l ? deps.Queries.ByIds([l]).FirstOrDefault(c => deps.Demo || !c.IsDemo) : null;
        if (clinic is null)
        {
            return NotFound(kind switch { Kind.Service => "service", Kind.ServiceAtLocation => "service_at_location", _ => "organization" }, id);
        }

        return Json(w =>
        {
            switch (kind)
            {
                case Kind.Service:
                    deps.Writer.Service(w, clinic, full: true);
                    break;
                case Kind.ServiceAtLocation:
                    deps.Writer.ServiceAtLocation(w, clinic, full: true, withLocation: true);
                    break;
                default:
                    deps.Writer.Organization(w, clinic, full: true, fullService);
                    break;
            }
        });
    }

    /// <summary>The directory query the HSDS filters make: each narrows the one before (the spec's cumulative AND).</summary>
    private static ClinicQuery? Filter(IQueryCollection query, Deps deps, Kind kind, List<string> problems)
    {
        var filters = new Dictionary<CodeSet, long>();
        List<long>? ids = null;
        void Narrow(IEnumerable<long> these) => ids = ids is null ? these.ToList() : ids.Intersect(these).ToList();

        if (Single(query, "organization_id", problems) is { } organization)
        {
            if (!HsdsIds.IsUuid(organization))
            {
                problems.Add("organization_id must be a UUID.");
            }
            else
            {
                Narrow(HsdsIds.ListingOf(organization, HsdsIds.Role.Organization) is { } l ? [l] : []);
            }
        }

        if (kind != Kind.Organization && Single(query, "taxonomy_term_id", problems) is { } termId)
        {
            if (!HsdsIds.IsUuid(termId))
            {
                problems.Add("taxonomy_term_id must be a UUID.");
            }
            else if (HsdsTaxonomies.Term(termId) is { } term)
            {
                filters[term.Set] = term.Set.Mask([term.OurCode]);
            }
            else
            {
                Narrow([]);
            }
        }

        if (kind != Kind.Organization && Single(query, "taxonomy_id", problems) is { } taxonomyId)
        {
            if (!HsdsIds.IsUuid(taxonomyId))
            {
                problems.Add("taxonomy_id must be a UUID.");
            }
            else if (HsdsTaxonomies.Taxonomy(taxonomyId) is { } taxonomy)
            {
                var masks = HsdsTaxonomies.Terms.Where(t => t.Taxonomy == taxonomy).GroupBy(t => t.Set)
                    .ToDictionary(g => g.Key, g => g.Key.Mask(g.Select(t => t.OurCode)));
                Narrow(deps.Queries.IdsWithAnyCode(masks));
            }
            else
            {
                Narrow([]);
            }
        }

        if (kind != Kind.Organization && Single(query, "modified_after", problems) is { } modified)
        {
            if (DateTimeOffset.TryParse(modified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                // Listings record the day of their last change: a change that day may be after the given time.
                Narrow(deps.Queries.IdsModifiedSince(since.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            }
            else
            {
                problems.Add("modified_after must be a date or date-time, for example 2026-01-31 or 2026-01-31T09:00:00Z.");
            }
        }

        IdSet? only = ids is null ? null : IdSet.FromAscending(ids.Order());
        if (Single(query, "search", problems) is { } text && !string.IsNullOrWhiteSpace(text))
        {
            var matching = deps.Search.MatchingClinicIds(text);
            only = only is null ? matching : IdSet.FromAscending(ids!.Order().Where(matching.Contains));
        }

        Place? origin = null;
        double? radiusMiles = null;
        if (kind != Kind.Organization)
        {
            if (Single(query, "postcode", problems) is { } postcode)
            {
                origin = ListingRules.IsZip(postcode.Trim()) ? deps.Places.Zip(postcode.Trim()) : null;
                if (origin is null)
                {
                    problems.Add($"postcode '{postcode}' is not a US ZIP code we know.");
                }
            }

            if (Single(query, "proximity", problems) is { } proximity)
            {
                if (!double.TryParse(proximity, NumberStyles.Float, CultureInfo.InvariantCulture, out var meters) || meters is <= 0 or > 5_000_000 || double.IsNaN(meters))
                {
                    problems.Add("proximity must be a distance in meters, more than 0 and at most 5000000.");
                }
                else if (!query.ContainsKey("postcode"))
                {
                    problems.Add("proximity needs a postcode to measure from.");
                }
                else
                {
                    radiusMiles = meters / 1609.344;
                }
            }
        }

        return new ClinicQuery
        {
            Latitude = origin?.Latitude,
            Longitude = origin?.Longitude,
            RadiusMiles = origin is null ? null : radiusMiles,
            Filters = filters,
            OnlyIds = only,
            ExcludeDemo = !deps.Demo,
            Sort = origin is null ? ClinicSort.Name : ClinicSort.Distance,
        };
    }

    private static IResult Taxonomies(HttpContext http)
    {
        var query = http.Request.Query;
        var problems = new List<string>();
        var (page, perPage) = Paging(query, problems);
        var ndjson = Format(query, problems);
        var search = Single(query, "search", problems);
        if (problems.Count > 0)
        {
            return BadRequest(problems);
        }

        var matches = HsdsTaxonomies.All.Where(t => Matches(search, t.Name, t.Description)).ToList();
        return ndjson ? Lines(matches, HsdsWriter.Taxonomy) : Page(matches.Count, page, perPage, matches.Skip((page - 1) * perPage).Take(perPage).ToList(), HsdsWriter.Taxonomy);
    }

    private static IResult Terms(HttpContext http)
    {
        var query = http.Request.Query;
        var problems = new List<string>();
        var (page, perPage) = Paging(query, problems);
        var ndjson = Format(query, problems);
        var search = Single(query, "search", problems);
        var taxonomyId = Single(query, "taxonomy_id", problems);
        var parentId = Single(query, "parent_id", problems);
        Flag(query, "top_only", problems);
        foreach (var (name, value) in new[] { ("taxonomy_id", taxonomyId), ("parent_id", parentId) })
        {
            if (value is not null && !HsdsIds.IsUuid(value))
            {
                problems.Add($"{name} must be a UUID.");
            }
        }

        if (problems.Count > 0)
        {
            return BadRequest(problems);
        }

        // Every term is at the top of its taxonomy: none has a parent.
        var matches = HsdsTaxonomies.Terms
            .Where(t => parentId is null && (taxonomyId is null || string.Equals(t.Taxonomy.Id, taxonomyId, StringComparison.OrdinalIgnoreCase)) && Matches(search, t.Name, t.Code))
            .ToList();
        return ndjson ? Lines(matches, HsdsWriter.Term) : Page(matches.Count, page, perPage, matches.Skip((page - 1) * perPage).Take(perPage).ToList(), HsdsWriter.Term);
    }

    /// <summary>A short list (taxonomies, terms) as newline-delimited JSON.</summary>
    private static IResult Lines<T>(IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(8 * 1024);
        foreach (var item in items)
        {
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                write(w, item);
            }

            buffer.Write("\n"u8);
        }

        return Results.Bytes(buffer.WrittenMemory, "application/x-ndjson; charset=utf-8");
    }

    private static bool Matches(string? search, params string[] fields) =>
        string.IsNullOrWhiteSpace(search) || fields.Any(f => f.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IResult Page<T>(int total, int page, int perPage, IReadOnlyList<T> contents, Action<Utf8JsonWriter, T> write)
    {
        var pages = Math.Max(1, (total + perPage - 1) / perPage);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total_items", total);
            w.WriteNumber("total_pages", pages);
            w.WriteNumber("page_number", page);
            w.WriteNumber("size", contents.Count);
            w.WriteBoolean("first_page", page == 1);
            w.WriteBoolean("last_page", page >= pages);
            w.WriteBoolean("empty", contents.Count == 0);
            w.WriteStartArray("contents");
            foreach (var item in contents)
            {
                write(w, item);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Writes straight into the response's pipe: a page of 50 full services is tens of kilobytes, and a buffer grown to
    /// hold it would be copied as it grows and end up on the large object heap, on every request.
    /// </summary>
    private static IResult Json(Action<Utf8JsonWriter> write) => new JsonResult(write);

    private sealed class JsonResult(Action<Utf8JsonWriter> write) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            using (var w = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions))
            {
                write(w);
            }

            await http.Response.BodyWriter.FlushAsync(http.RequestAborted);
        }
    }

    private static (int Page, int PerPage) Paging(IQueryCollection query, List<string> problems)
    {
        var page = Number(query, "page", 1, 1, 1_000_000, problems);
        var perPage = Number(query, "per_page", DefaultPerPage, 1, MaxPerPage, problems);
        return (page, perPage);
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, List<string> problems)
    {
        if (Single(query, name, problems) is not { } text)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{name} must be a whole number from {min} to {max}.");
        return fallback;
    }

    private static bool Flag(IQueryCollection query, string name, List<string> problems)
    {
        switch (Single(query, name, problems)?.ToLowerInvariant())
        {
            case null or "false":
                return false;
            case "true":
                return true;
            default:
                problems.Add($"{name} must be true or false.");
                return false;
        }
    }

    private static bool Format(IQueryCollection query, List<string> problems)
    {
        switch (Single(query, "format", problems)?.ToLowerInvariant())
        {
            case null or "json":
                return false;
            case "ndjson":
                return true;
            default:
                problems.Add("format must be json or ndjson.");
                return false;
        }
    }

    /// <summary>A parameter's one value; given twice, the request is ambiguous and refused.</summary>
    private static string? Single(IQueryCollection query, string name, List<string> problems)
    {
        var values = query[name];
        if (values.Count > 1)
        {
            problems.Add($"{name} may be given once.");
        }

        return values.Count == 0 ? null : values[0];
    }

    private static IResult BadRequest(List<string> problems) =>
        Results.Problem(statusCode: 400, title: "Some parameters could not be used", detail: string.Join(" ", problems),
            extensions: new Dictionary<string, object?> { ["problems"] = problems });

    private static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: 404, title: $"No such {what}", detail: $"There is no {what} with id '{id}'.");
}
