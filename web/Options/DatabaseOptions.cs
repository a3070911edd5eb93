namespace IopFinder.Web.Options;

/// <summary>Which database the site uses, bound from the <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// <c>sqlite</c> (the default: one file, one site process) or <c>postgres</c> (one shared database for
    /// several site processes behind a load balancer).
    /// </summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Path of the SQLite database file; a relative path is resolved against the content root.</summary>
    public string Path { get; set; } = "data/iopfinder.db";

    /// <summary>The PostgreSQL connection string (Npgsql's keywords: Host, Port, Database, Username, Password).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a statement waits for a lock held by another connection before failing.</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
