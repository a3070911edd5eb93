using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IopFinder.Web.Clinics;
using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using IopFinder.Web.Places;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Pages.Clinics;

/// <summary>
/// A call sheet for paper and phones: the crisis lines, then each program's number, phone, address, schedule and
/// openings with room for notes, the first-call questions, and a QR code that opens this same sheet. It lists the
/// programs ticked on the compare page (<c>id</c>, repeated) or the first results of a directory search (the
/// /clinics query string). Its address carries nothing but those.
/// </summary>
public sealed partial class CallSheetModel(ClinicIndex index, ClinicQueries queries, SearchIndex search, PlaceDirectory places,
    ContentLibrary library, IOptions<SiteOptions> site) : PageModel
{
    public const int MaxPrograms = 10;
    public const string FirstCallArticle = "the-first-call-and-intake";

    public IReadOnlyList<Clinic> Clinics { get; private set; } = [];

    public IReadOnlyList<string> Questions { get; private set; } = [];

    /// <summary>The absolute address of this sheet, in this language: what the QR code opens.</summary>
    public string SheetUrl { get; private set; } = "";

    public string QrSvg { get; private set; } = "";

    /// <summary>Set when the request could not be used: the page says why, with a 400.</summary>
    public bool NotUsable { get; private set; }

    public void OnGet()
    {
        var language = Languages.Of(HttpContext);
        string address;
        if (Request.Query.ContainsKey("id"))
        {
            var ids = Request.Query["id"].Select(v => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).ToList();
            NotUsable = ids.Any(id => id <= 0) || ids.Count > MaxPrograms;
            // A closed listing can still be called about (its line says it closed); a hidden one cannot.
            Clinics = NotUsable ? [] : queries.ByIds(ids.Distinct().ToList(), activeOnly: false).Where(c => c.Status != ListingStatus.Hidden).ToList();
            address = "/clinics/call-sheet?" + string.Join("&", Clinics.Select(c => string.Create(CultureInfo.InvariantCulture, $"id={c.Id}")));
        }
        else
        {
            // A position from "use my location" is searched to two decimals (about a kilometre): a sheet is printed and
            // passed around, and the programs it lists must be the ones its QR code opens.
            var parameters = Request.Query.ToDictionary(p => p.Key, p => p.Key is "lat" or "lon" && double.TryParse(p.Value.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var degrees)
                ? new Microsoft.Extensions.Primitives.StringValues(Math.Round(degrees, 2).ToString(CultureInfo.InvariantCulture))
                : p.Value);
            var request = ClinicSearchRequest.Parse(new QueryCollection(parameters), places);
            NotUsable = request.LocationNotFound;
            Clinics = NotUsable ? [] : index.SearchAndLoad(queries, request.ToQuery(search, MaxPrograms) with { Page = 1 }).Listings.Select(l => l.Clinic).ToList();
            // The sheet's own address in canonical form: only the search's parameters.
            address = request.Url("/clinics/call-sheet", p => p.RemoveAll(x => x.Key == "page"));
        }

        NotUsable |= Clinics.Count == 0;
        if (NotUsable)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Questions = QuestionsOf(library.For(language).Find(FirstCallArticle) ?? library.Current.Find(FirstCallArticle));
        SheetUrl = site.Value.Absolute(Languages.Localize(address, language));
        try
        {
            QrSvg = QrCodes.Svg(SheetUrl);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            // Long keywords can make an address too long for a QR code; the sheet still shows it as a link.
            QrSvg = "";
        }
    }

    /// <summary>The questions of the first-call article: the list under its heading with the id <c>call-questions</c>.</summary>
    public static IReadOnlyList<string> QuestionsOf(Article? article)
    {
        var html = article?.Html ?? "";
        var heading = html.IndexOf("id=\"call-questions\"", StringComparison.Ordinal);
        var start = heading < 0 ? -1 : html.IndexOf("<ul>", heading, StringComparison.Ordinal);
        var end = start < 0 ? -1 : html.IndexOf("</ul>", start, StringComparison.Ordinal);
        if (end < 0)
        {
            return [];
        }

        return ListItem().Matches(html[start..end]).Select(m => WebUtility.HtmlDecode(Tags().Replace(m.Groups[1].Value, "")).Trim()).ToList();
    }

    [GeneratedRegex("<li>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex ListItem();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
