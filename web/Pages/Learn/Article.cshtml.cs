using IopFinder.Web.Content;
using IopFinder.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Learn;

/// <summary>One article, from memory, in the visitor's language.</summary>
public sealed class ArticleModel(ContentLibrary library) : PageModel
{
    public Article Article { get; private set; } = null!;
    public Category? Category { get; private set; }
    public IReadOnlyList<Article> Related { get; private set; } = [];
    public Article? Previous { get; private set; }
    public Article? Next { get; private set; }

    /// <summary>
    /// Set on a Spanish page whose article exists only in English: the page says so and links to it,
    /// rather than answering "not found" or showing English text under a Spanish heading.
    /// </summary>
    public Article? OnlyInEnglish { get; private set; }

    public IActionResult OnGet(string slug)
    {
        var language = Languages.Of(HttpContext);
        var content = library.For(language);
        var article = content.Find(slug);
        if (article is null)
        {
            if (language != Languages.English && library.Current.Find(slug) is { } english)
            {
                OnlyInEnglish = english;
                Article = english;
                return Page();
            }

            return NotFound();
        }

        Article = article;
        Category = content.CategoryOf(article);
        Related = content.Related(article);
        Previous = content.Previous(article);
        Next = content.Next(article);
        return Page();
    }
}
