using IopFinder.Web.Content;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Learn;

/// <summary>One article, from memory.</summary>
public sealed class ArticleModel(ContentLibrary library) : PageModel
{
    public Article Article { get; private set; } = null!;
    public Category? Category { get; private set; }
    public IReadOnlyList<Article> Related { get; private set; } = [];
    public Article? Previous { get; private set; }
    public Article? Next { get; private set; }

    public IActionResult OnGet(string slug)
    {
        var content = library.Current;
        var article = content.Find(slug);
        if (article is null)
        {
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
