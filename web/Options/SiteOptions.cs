namespace IopFinder.Web.Options;

/// <summary>Public facts about the deployment, bound from the <c>Site</c> section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>The name people see in titles and the header.</summary>
    public string Name { get; set; } = "IopFinder";

    /// <summary>
    /// The public origin used in canonical links, Open Graph tags, JSON-LD and the sitemap.
    /// Search engines need absolute URLs, so this must be the address people reach the site on.
    /// </summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Where the quick-exit control sends people: an everyday site that reveals nothing.</summary>
    public string QuickExitUrl { get; set; } = "https://www.google.com/";

    /// <summary>The address shown in the footer for questions and corrections.</summary>
    public string ContactEmail { get; set; } = "hello@iopfinder.example.org";

    /// <summary>The base URL without a trailing slash, so callers can append paths that start with one.</summary>
    public string Origin => BaseUrl.TrimEnd('/');

    /// <summary>An absolute URL for a site-relative path.</summary>
    public string Absolute(string path) => Origin + (path.StartsWith('/') ? path : "/" + path);
}
