namespace IopFinder.Web.Options;

/// <summary>Memory the site may spend on caches, bound from the <c>Caching</c> section.</summary>
public sealed class CachingOptions
{
    public const string Section = "Caching";

    /// <summary>Memory for cached anonymous pages (stored compressed).</summary>
    public int OutputCacheMegabytes { get; set; } = 8;

    /// <summary>Memory for remembered keyword matches in the directory (sets of listing ids).</summary>
    public int KeywordCacheMegabytes { get; set; } = 16;
}
