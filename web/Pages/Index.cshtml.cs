using IopFinder.Web.Content;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages;

/// <summary>The home page: three doors into the site.</summary>
public sealed class IndexModel(ContentLibrary library) : PageModel
{
    /// <summary>A few articles to start with, in reading order.</summary>
    public IReadOnlyList<Article> StartHere { get; private set; } = [];

    public void OnGet() => StartHere = library.For(Infrastructure.Languages.Of(HttpContext)).Articles.Take(3).ToList();
}
