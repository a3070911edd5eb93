using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace IopFinder.Web.Data;

/// <summary>A numbered SQL script. On SQLite its number becomes <c>PRAGMA user_version</c> once it has run; on PostgreSQL, the row in <c>schema_version</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings the database schema up to date. Each pending migration runs in its own transaction together
/// with its version bump, so a failure leaves both the schema and the version as they were. The two
/// databases have their own scripts (<c>Data/Migrations/*.sql</c> for SQLite,
/// <c>Data/Migrations/Postgres/*.sql</c> for PostgreSQL) and their own numbering.
/// </summary>
public sealed partial class Migrator(Db db, IReadOnlyList<Migration> migrations, ILogger<Migrator> logger)
{
    public Migrator(Db db, ILogger<Migrator> logger) : this(db, LoadEmbedded(db.Provider), logger)
    {
    }

    /// <summary>Arbitrary, fixed: the advisory lock PostgreSQL migrations run under.</summary>
    private const long PostgresMigrationKey = 0x10F_F1D_E0;

    /// <summary>The highest version known to this build.</summary>
    public int LatestVersion => migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);

    public int CurrentVersion()
    {
        using var connection = db.Open();
        return CurrentVersion(connection, null);
    }

    private int CurrentVersion(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction) => !db.IsPostgres
        ? connection.ExecuteScalar<int>("PRAGMA user_version", transaction: transaction)
        : connection.ExecuteScalar<bool>("SELECT to_regclass('schema_version') IS NOT NULL", transaction: transaction)
            ? connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_version", transaction: transaction) ?? 0
            : 0;

    /// <summary>
    /// Applies every migration newer than the database; returns how many ran. Safe when several
    /// processes start at once. On SQLite each migration's transaction takes the write lock first (BEGIN
    /// IMMEDIATE) and reads the version inside it; on PostgreSQL the whole run holds an advisory lock.
    /// Either way a migration another process applied meanwhile is seen and skipped, never run twice.
    /// </summary>
    public int Migrate()
    {
        using var connection = db.Open();
        if (db.IsPostgres)
        {
            connection.Execute("SELECT pg_advisory_lock(@key)", new { key = PostgresMigrationKey });
            try
            {
                connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                return ApplyPending(connection);
            }
            finally
            {
                connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = PostgresMigrationKey });
            }
        }

        // WAL lets readers carry on while a writer works; it is a property of the file, set once.
        connection.Execute("PRAGMA journal_mode = WAL");
        return ApplyPending(connection);
    }

    private int ApplyPending(System.Data.Common.DbConnection connection)
    {
        var applied = 0;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginWrite();
            if (CurrentVersion(connection, transaction) >= migration.Version)
            {
                continue;
            }

            connection.Execute(migration.Sql, transaction: transaction);
            if (db.IsPostgres)
            {
                connection.Execute("INSERT INTO schema_version (version, name) VALUES (@Version, @Name)", migration, transaction);
            }
            else
            {
                // PRAGMA takes no parameters; the value is an integer from our own file names, never input.
                connection.Execute("PRAGMA user_version = " + migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), transaction: transaction);
            }

            transaction.Commit();
            applied++;
            logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
        }

        return applied;
    }

    /// <summary>Reads the scripts embedded from <c>Data/Migrations/NNNN_name.sql</c>.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var pattern = provider == DatabaseProvider.Postgres ? PostgresName() : MigrationName();
        var assembly = typeof(Migrator).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = pattern.Match(resource);
            if (!match.Success)
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        var duplicate = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two migrations share version {duplicate.Key}.");
        }

        return list.OrderBy(m => m.Version).ToList();
    }

    [GeneratedRegex(@"\.Migrations\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex MigrationName();

    [GeneratedRegex(@"\.Migrations\.Postgres\.(\d{4})_([A-Za-z0-9_]+)\.sql$")]
    private static partial Regex PostgresName();
}
