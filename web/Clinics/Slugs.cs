using System.Globalization;
using System.Text.RegularExpressions;

namespace IopFinder.Web.Clinics;

/// <summary>URL slugs for listings and places.</summary>
public static partial class Slugs
{
    /// <summary>A URL slug: lower-case ASCII letters and digits joined by hyphens.</summary>
    public static string From(string text)
    {
        // Letters keep their base form (Añasco → anasco) by dropping the accents that decomposition splits off.
        var bare = new string(text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
        var slug = NonSlug().Replace(bare, "-").Trim('-');
        return slug.Length == 0 ? "listing" : slug.Length > 80 ? slug[..80].TrimEnd('-') : slug;
    }

    [GeneratedRegex(@"[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
