using Dapper;
using IopFinder.Web.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Data;

/// <summary>
/// Opens connections to the site's SQLite database with the settings every connection needs.
/// Pooling keeps opening cheap, so callers open one per unit of work and dispose it.
/// </summary>
public sealed class Db
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;

    /// <summary>
    /// Columns are snake_case (program_name), properties PascalCase (ProgramName). Set here, because every
    /// query needs a connection first: set anywhere later, a query run before it (the import verb reads
    /// the listings before anything else touches the clinic queries) silently leaves those properties
    /// empty, and a re-import then failed to recognise any listing it had made.
    /// </summary>
    static Db() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public Db(IOptions<DatabaseOptions> options, IHostEnvironment environment)
        : this(PathResolver.Resolve(environment.ContentRootPath, options.Value.Path), options.Value.BusyTimeoutMilliseconds)
    {
    }

    public Db(string path, int busyTimeoutMilliseconds = 5000)
    {
        FilePath = path;
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMilliseconds / 1000),
        }.ToString();
    }

    /// <summary>The full path of the database file.</summary>
    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // busy_timeout, foreign_keys and cache_size are per connection, so they are set on every open.
        // Every pooled connection keeps its own page cache; at SQLite's default of 2 MB each, a busy
        // pool held about 20 MB. 256 KB (64 pages) still holds the upper levels of the tables' B-trees,
        // which is what a lookup by id needs; the rest comes from the operating system's file cache.
        command.CommandText = "PRAGMA busy_timeout = " + _busyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            "; PRAGMA foreign_keys = ON; PRAGMA cache_size = -256;";
        command.ExecuteNonQuery();
        return connection;
    }
}
