using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Learn;

/// <summary>The library: every article in the visitor's language, grouped by category.</summary>
public sealed class IndexModel(ContentLibrary library) : PageModel
{
    public ContentSnapshot Library { get; private set; } = null!;

    /// <summary>On a translated library, the articles that exist only in English, so nothing is hidden from its readers.</summary>
    public IReadOnlyList<Article> OnlyInEnglish { get; private set; } = [];

    public void OnGet()
    {
        var language = Languages.Of(HttpContext);
        Library = library.For(language);
        if (language != Languages.English)
        {
            OnlyInEnglish = library.Current.Articles.Where(a => Library.Find(a.Slug) is null).ToList();
        }
    }
}
