namespace IopFinder.Web.Options;

/// <summary>Where the SQLite database lives, bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Path of the database file; a relative path is resolved against the content root.</summary>
    public string Path { get; set; } = "data/iopfinder.db";

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
