using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace IopFinder.Web.Data;

/// <summary>A numbered SQL script. Its number becomes <c>PRAGMA user_version</c> once it has run.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Brings the database schema up to date. Each pending migration runs in its own transaction together
/// with its version bump, so a failure leaves both the schema and the version as they were.
/// </summary>
public sealed partial class Migrator(Db db, IReadOnlyList<Migration> migrations, ILogger<Migrator> logger)
{
    public Migrator(Db db, ILogger<Migrator> logger) : this(db, LoadEmbedded(), logger)
    {
    }

    /// <summary>The highest version known to this build.</summary>
    public int LatestVersion => migrations.Count == 0 ? 0 : migrations.Max(m => m.Version);

    public int CurrentVersion()
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<int>("PRAGMA user_version");
    }

    /// <summary>
    /// Applies every migration newer than the database; returns how many ran. Safe when several
    /// processes start at once: each migration's transaction takes the write lock first (BEGIN
    /// IMMEDIATE) and reads the version inside it, so a migration another process applied meanwhile
    /// is seen and skipped, never run twice.
    /// </summary>
    public int Migrate()
    {
        using var connection = db.Open();
        // WAL lets readers carry on while a writer works; it is a property of the file, set once.
        connection.Execute("PRAGMA journal_mode = WAL");
        var applied = 0;
        foreach (var migration in migrations.OrderBy(m => m.Version))
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            if (connection.ExecuteScalar<int>("PRAGMA user_version", transaction: transaction) >= migration.Version)
            {
                continue;
            }

            connection.Execute(migration.Sql, transaction: transaction);
            // PRAGMA takes no parameters; the value is an integer from our own file names, never input.
            connection.Execute("PRAGMA user_version = " + migration.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), transaction: transaction);
            transaction.Commit();
            applied++;
            logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
        }

        return applied;
    }

    /// <summary>Reads the scripts embedded from <c>Data/Migrations/NNNN_name.sql</c>.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migrator).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var match = MigrationName().Match(resource);
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
}
