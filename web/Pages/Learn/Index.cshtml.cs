using IopFinder.Web.Content;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace IopFinder.Web.Pages.Learn;

/// <summary>The library: every article, grouped by category.</summary>
public sealed class IndexModel(ContentLibrary library) : PageModel
{
    public ContentSnapshot Library { get; private set; } = null!;

    public void OnGet() => Library = library.Current;
}
