namespace IopFinder.Web.Options;

/// <summary>Where articles are read from, bound from the <c>Content</c> section.</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>The content folder; a relative path is resolved against the content root.</summary>
    public string Path { get; set; } = "../content";

    /// <summary>Reload articles when files change. On by default in Development only.</summary>
    public bool? WatchForChanges { get; set; }
}
