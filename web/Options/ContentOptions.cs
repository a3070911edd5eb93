namespace IopFinder.Web.Options;

/// <summary>Where articles are read from, bound from the <c>Content</c> section.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// The content folder; a relative path is resolved against the content root. Unset: <c>content</c>
    /// beside the app (a published build carries it there), else <c>../content</c> (the repository).
    /// </summary>
    public string? Path { get; set; }

    /// <summary>The folder articles are read from, as <see cref="Path"/> describes.</summary>
    public string Resolve(string contentRoot)
    {
        if (Path is not null)
        {
            return PathResolver.Resolve(contentRoot, Path);
        }

        var published = PathResolver.Resolve(contentRoot, "content");
        return Directory.Exists(published) ? published : PathResolver.Resolve(contentRoot, "../content");
    }

    /// <summary>Reload articles when files change. On by default in Development only.</summary>
    public bool? WatchForChanges { get; set; }
}
