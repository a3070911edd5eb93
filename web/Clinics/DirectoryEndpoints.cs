using System.Globalization;
using IopFinder.Web.Imports;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Places;
using IopFinder.Web.Search;

namespace IopFinder.Web.Clinics;

/// <summary>
/// The directory's data outside HTML: the CSV download of a search and the open read-only JSON API.
/// Both take exactly the /clinics query string and return the same listings in the same order.
/// </summary>
public static class DirectoryEndpoints
{
    public const string CorsPolicy = "open-read";
    public const int MaxDownloadRows = 10_000;
    public const int MaxApiPageSize = 100;

    public static IEndpointRouteBuilder MapDirectoryData(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/clinics.csv", Download);
        var api = endpoints.MapGroup("/api/v1").RequireCors(CorsPolicy).RequireRateLimiting(RateLimits.Api);
        api.MapGet("/clinics", Search);
        api.MapGet("/clinics/{slug}", (string slug, ClinicQueries queries, OpeningsCalendar calendar) =>
            queries.BySlug(slug) is { Status: not ListingStatus.Hidden } clinic
                ? Results.Ok(ToJson(clinic, null, calendar))
                : Results.Problem(statusCode: 404, title: "No such listing", detail: $"There is no listing at '{slug}'."));
        return endpoints;
    }

    private static IResult Download(HttpContext context, ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places)
    {
        var request = ClinicSearchRequest.Parse(context.Request.Query, places);
        if (request.LocationNotFound)
        {
            return Results.Text($"We could not find the place \"{request.Near}\". Try a 5-digit ZIP code or a city and state.\n", "text/plain; charset=utf-8", statusCode: 400);
        }

        // In the search's own order (nearest first), as the results page lists them.
        var clinics = index.SearchAndLoad(queries, request.ToQuery(search, MaxDownloadRows) with { Page = 1 }).Listings.Select(l => l.Clinic).ToList();
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        ClinicCsv.Write(writer, clinics, forSpreadsheets: true);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv; charset=utf-8", "iopfinder-programs.csv");
    }

    private static IResult Search(HttpContext context, ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places, OpeningsCalendar calendar)
    {
        var request = ClinicSearchRequest.Parse(context.Request.Query, places);
        var pageSize = 20;
        var problems = request.Notices.Select(n => n.Text).ToList();
        if (request.LocationNotFound)
        {
            problems.Add($"We could not find the place \"{request.Near}\"." + (request.Suggestions.Count > 0 ? " Did you mean: " + string.Join("; ", request.Suggestions) + "?" : ""));
        }

        if (context.Request.Query["pageSize"].FirstOrDefault() is { } sizeText &&
            (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxApiPageSize))
        {
            problems.Add($"pageSize must be a whole number from 1 to {MaxApiPageSize}.");
        }

        if (problems.Count > 0)
        {
            return Results.Problem(statusCode: 400, title: "Some parameters could not be used", detail: string.Join(" ", problems),
                extensions: new Dictionary<string, object?> { ["problems"] = problems });
        }

        var (result, listings) = index.SearchAndLoad(queries, request.ToQuery(search, pageSize));
        return Results.Ok(new
        {
            total = result.Total,
            page = result.Page,
            pageSize,
            pageCount = result.PageCount,
            origin = request.Origin is { } o ? new { label = o.Label, latitude = o.Latitude, longitude = o.Longitude } : null,
            radiusMiles = request.Origin is null || request.Radius == "any" ? null : (int?)int.Parse(request.Radius, CultureInfo.InvariantCulture),
            results = listings.Select(l => ToJson(l.Clinic, l.Miles, calendar)),
        });
    }

    /// <summary>
    /// A listing as the API shows it: plain JSON, codes as arrays, no internal masks. Openings carry their date and
    /// source always; <c>current</c> says whether they are still believed today, and <c>nextStart</c> is never a past day.
    /// </summary>
    public static object ToJson(Clinic c, double? distanceMiles, OpeningsCalendar calendar) => new
    {
        id = c.Id,
        slug = c.Slug,
        url = c.Url,
        name = c.Name,
        programName = c.ProgramName,
        distanceMiles,
        address = new { street = c.Street, street2 = c.Street2, city = c.City, state = c.State, zip = c.Zip },
        latitude = c.Latitude,
        longitude = c.Longitude,
        phone = c.Phone,
        intakePhone = c.IntakePhone,
        website = c.Website,
        status = c.Status,
        accepting = c.Accepting,
        waitNote = c.WaitNote,
        openings = c.Openings is { AsOf: not null } openings
            ? new
            {
                status = openings.Status,
                nextStart = openings.NextStart is { } start && start >= calendar.Today ? start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                waitWeeks = openings.WaitWeeks,
                asOf = c.OpeningsAsOf,
                source = openings.Source,
                current = calendar.IsCurrent(c),
                earliestStart = calendar.EarliestStart(c)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }
            : null,
        servicesReported = c.ServicesReported,
        timeZone = c.TimeZone,
        tracks = c.Tracks.Select(t => new
        {
            name = t.Name,
            days = t.Days.Select(ProgramTracks.DayCode),
            start = t.Start.ToString("HH:mm", CultureInfo.InvariantCulture),
            end = t.End.ToString("HH:mm", CultureInfo.InvariantCulture),
            timeZone = c.TimeZone,
            setting = t.Setting,
            languages = t.Languages,
            @for = t.For,
            hoursPerWeek = t.HoursPerWeek,
        }),
        iop = c.Offers(ClinicCodes.Care, "iop")
            ? new { hoursPerWeek = c.IopHoursPerWeek, day = c.IopDay, evening = c.IopEvening, weekend = c.IopWeekend, lengthWeeks = c.IopLengthWeeks, telehealth = c.IopTelehealth }
            : null,
        care = c.Codes(ClinicCodes.Care),
        pay = c.Codes(ClinicCodes.Pay),
        age = c.Codes(ClinicCodes.Age),
        pop = c.Codes(ClinicCodes.Population),
        lang = c.Codes(ClinicCodes.Language),
        otherLanguages = c.OtherLanguages,
        service = c.Codes(ClinicCodes.Service),
        accred = c.Codes(ClinicCodes.Accreditation),
        claimed = c.Claimed,
        demo = c.IsDemo,
        source = c.Source,
        lastVerified = c.LastVerified,
        updatedAt = c.UpdatedAt,
    };
}
