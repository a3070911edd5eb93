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
        // busy_timeout and foreign_keys are per connection, so they are set on every open.
        command.CommandText = "PRAGMA busy_timeout = " + _busyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "; PRAGMA foreign_keys = ON;";
        command.ExecuteNonQuery();
        return connection;
    }
}
