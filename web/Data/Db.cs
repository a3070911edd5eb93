using System.Data;
using System.Data.Common;
using Dapper;
using IopFinder.Web.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IopFinder.Web.Data;

/// <summary>The two databases the site can run on.</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Opens connections to the site's database (a SQLite file, or a PostgreSQL database shared by several
/// site processes) with the settings every connection needs. Pooling keeps opening cheap, so callers
/// open one per unit of work and dispose it. Queries are written once where the two dialects agree;
/// the few places they differ ask <see cref="Provider"/>.
/// <para>
/// Data access is synchronous on purpose. Microsoft.Data.Sqlite has no real asynchronous I/O (its async
/// methods run synchronously), and SQLite is the default site; one code path for both databases keeps every
/// decision's transaction written once. Most reads are served from memory (the directory snapshot, the
/// articles), and the database work of a request is short and local, so a blocked thread-pool thread costs
/// less than two parallel data layers would. Work that is long (the directory's rebuild) runs off the
/// request path. Revisit this if PostgreSQL sites, with their network round trips, show thread-pool
/// starvation under load (BENCHMARKS.md measures both).
/// </para>
/// </summary>
public sealed class Db : IDisposable
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMilliseconds;
    private readonly NpgsqlDataSource? _postgres;

    /// <summary>
    /// Columns are snake_case (program_name), properties PascalCase (ProgramName). Set here, because every
    /// query needs a connection first: set anywhere later, a query run before it (the import verb reads
    /// the listings before anything else touches the clinic queries) silently leaves those properties
    /// empty, and a re-import then failed to recognise any listing it had made.
    /// </summary>
    static Db() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public Db(IOptions<DatabaseOptions> options, IHostEnvironment environment)
        : this(FromOptions(options.Value, environment.ContentRootPath))
    {
    }

    private Db((DatabaseProvider Provider, string Target, int Timeout) settings)
    {
        Provider = settings.Provider;
        _busyTimeoutMilliseconds = settings.Timeout;
        if (Provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlConnectionStringBuilder(settings.Target);
            // Named, so an operator (and restore) can tell the site's sessions apart in pg_stat_activity.
            builder.ApplicationName ??= ApplicationName;
            _connectionString = builder.ConnectionString;
            _postgres = NpgsqlDataSource.Create(_connectionString);
            Description = $"PostgreSQL database {builder.Database} on {builder.Host}:{builder.Port}";
            return;
        }

        FilePath = settings.Target;
        var folder = System.IO.Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, settings.Timeout / 1000),
        }.ToString();
        Description = FilePath;
    }

    public Db(string path, int busyTimeoutMilliseconds = 5000) : this((DatabaseProvider.Sqlite, path, busyTimeoutMilliseconds))
    {
    }

    /// <summary>A database named the way the command line names one: <c>sqlite:PATH</c> or <c>postgres:CONNECTION-STRING</c>.</summary>
    public static Db Parse(string address)
    {
        var colon = address.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? "" : address[..colon];
        return scheme switch
        {
            "sqlite" when colon + 1 < address.Length => new Db(System.IO.Path.GetFullPath(address[(colon + 1)..])),
            "postgres" when colon + 1 < address.Length => new Db((DatabaseProvider.Postgres, address[(colon + 1)..], 5000)),
            _ => throw new ArgumentException($"'{address}' names no database: write sqlite:PATH or postgres:CONNECTION-STRING."),
        };
    }

    private static (DatabaseProvider, string, int) FromOptions(DatabaseOptions options, string contentRoot) =>
        options.Provider.Trim().ToLowerInvariant() switch
        {
            "sqlite" or "" => (DatabaseProvider.Sqlite, PathResolver.Resolve(contentRoot, options.Path), options.BusyTimeoutMilliseconds),
            "postgres" or "postgresql" => (DatabaseProvider.Postgres,
                string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new DatabaseSettingsException("Database:Provider is postgres but Database:ConnectionString is empty. Set it, for example Host=127.0.0.1;Database=iopfinder;Username=iopfinder;Password=…")
                    : options.ConnectionString,
                options.BusyTimeoutMilliseconds),
            _ => throw new DatabaseSettingsException($"Database:Provider '{options.Provider}' is not known: use sqlite or postgres."),
        };

    /// <summary>The <c>Application Name</c> the site's PostgreSQL sessions carry unless the connection string names another.</summary>
    public const string ApplicationName = "iopfinder";

    public DatabaseProvider Provider { get; }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>The full path of the SQLite database file; null on PostgreSQL.</summary>
    public string? FilePath { get; }

    /// <summary>The PostgreSQL connection settings, for tools such as pg_dump; null on SQLite.</summary>
    public NpgsqlConnectionStringBuilder? PostgresSettings => _postgres is null ? null : new NpgsqlConnectionStringBuilder(_connectionString);

    /// <summary>Which database this is, for messages and logs (never the password).</summary>
    public string Description { get; }

    public DbConnection Open()
    {
        if (_postgres is not null)
        {
            return _postgres.OpenConnection();
        }

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

    public void Dispose() => _postgres?.Dispose();
}

/// <summary>The Database settings name no database the site can open.</summary>
public sealed class DatabaseSettingsException(string message) : InvalidOperationException(message);

/// <summary>Transactions with the same meaning on both databases.</summary>
public static class DbTransactions
{
    /// <summary>Arbitrary, fixed: the key of the advisory lock every write transaction on PostgreSQL takes.</summary>
    private const long WriteLockKey = 0x10F_F1D_E12;

    /// <summary>
    /// A transaction that changes data. On SQLite it holds the write lock from its first statement
    /// (BEGIN IMMEDIATE). On PostgreSQL it takes one advisory lock shared by every site process and CLI
    /// verb, so write transactions run one at a time there too: each decides on data no other writer is
    /// changing, and, read committed, every statement after the lock sees every write committed before it.
    /// </summary>
    public static DbTransaction BeginWrite(this DbConnection connection)
    {
        if (connection is SqliteConnection sqlite)
        {
            return sqlite.BeginTransaction(deferred: false);
        }

        var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = WriteLockKey }, transaction);
        return transaction;
    }

    /// <summary>A transaction that only reads, seeing one consistent moment of the database throughout.</summary>
    public static DbTransaction BeginRead(this DbConnection connection) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : connection.BeginTransaction(IsolationLevel.RepeatableRead);

    public static bool IsPostgres(this DbConnection connection) => connection is NpgsqlConnection;

    /// <summary>
    /// "column is one of the list in parameter": Dapper spells a list out as <c>IN (@p1, @p2, …)</c> on
    /// SQLite but hands Npgsql the whole array, which PostgreSQL compares with <c>= ANY</c>.
    /// </summary>
    public static string InList(this DbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    /// <summary>
    /// Prepares a statement run many times in a loop. SQLite parses once; Npgsql prepares on its own
    /// once parameter types are known, and refuses to prepare parameters that are still untyped nulls.
    /// </summary>
    public static void PrepareForReuse(this DbCommand command)
    {
        if (command is SqliteCommand)
        {
            command.Prepare();
        }
    }

    /// <summary>Adds a named parameter, with no value yet, to a command reused in a loop.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
