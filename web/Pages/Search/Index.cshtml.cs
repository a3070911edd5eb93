using IopFinder.Web.Infrastructure;
using IopFinder.Web.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Search;

/// <summary>Site search. Any text is accepted; only words reach the index, so no input can break the query.</summary>
public sealed class IndexModel(SearchIndex index, SiteMetrics metrics) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    public SearchResult? Result { get; private set; }

    /// <summary>A few programs whose listing matches, shown after the articles.</summary>
    public SearchResult? Programs { get; private set; }

    public bool TooLong { get; private set; }

    public bool HasQuery => SearchIndex.Terms(Query).Count > 0;

    public IActionResult OnGet()
    {
        if (Query is { Length: > SearchIndex.MaxQueryLength })
        {
            TooLong = true;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        if (HasQuery)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // Each language searches its own articles; listings are the same in both.
            Result = index.Search(Query, kind: Languages.Of(HttpContext) == Languages.Spanish ? SearchIndex.SpanishArticles : "article");
            Programs = index.Search(Query, limit: 5, kind: "clinic");
            metrics.Searched("site", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }

        return Page();
    }
}
