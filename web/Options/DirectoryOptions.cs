namespace IopFinder.Web.Options;

/// <summary>The clinic directory's settings, bound from the <c>Directory</c> section.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>How many fictional demo listings to create when the database has no listings at all (0 for none).</summary>
    public int DemoClinics { get; set; } = 2500;

    /// <summary>Seed for the demo listings, so every fresh install shows the same ones.</summary>
    public int DemoSeed { get; set; } = 42;

    /// <summary>
    /// How often a running site checks whether the listings changed (in this process or another: an
    /// import, a re-seed, a second web instance). Changes show within about twice this.
    /// </summary>
    public int ReloadCheckMilliseconds { get; set; } = 500;

    /// <summary>How many days a listing's openings are believed after they were last confirmed.</summary>
    public int OpeningsTrustDays { get; set; } = 14;

    /// <summary>API requests one client may make per minute: plenty for a partner's page, not for scraping at speed.</summary>
    public int ApiRequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Whether the HSDS API and <c>export hsds</c> include demo listings. Off: 211s and helplines read HSDS into their
    /// own referral systems, where a fictional program would reach real callers. On for trying the API on a demo site.
    /// </summary>
    public bool HsdsDemoListings { get; set; }

    /// <summary>Directory searches with keywords one client may make per minute; each one reads the full-text index.</summary>
    public int KeywordSearchesPerMinute { get; set; } = 60;
}
