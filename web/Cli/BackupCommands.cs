using System.Diagnostics;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IopFinder.Web.Cli;

/// <summary>
/// <c>backup FILE</c> and <c>restore FILE [--force]</c>. On SQLite: the online backup, which copies one
/// consistent state of the database page by page while the site goes on serving and writing. On
/// PostgreSQL: <c>pg_dump</c>'s custom format (one consistent snapshot, taken while sites serve) and
/// <c>pg_restore</c> in a single transaction.
/// </summary>
public static class BackupCommands
{
    public static int Backup(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: backup FILE [--force]   (--force replaces an existing FILE)");
            return 2;
        }

        var target = Path.GetFullPath(args[1]);
        if (File.Exists(target) && !args.Contains("--force"))
        {
            Console.Error.WriteLine($"{target} already exists. Choose another name, or pass --force to replace it.");
            return 1;
        }

        var db = services.GetRequiredService<Db>();
        var watch = Stopwatch.StartNew();
        if (db.IsPostgres)
        {
            return PostgresTools.Dump(db, target, watch);
        }

        // Written beside the target and renamed at the end, so an interrupted backup never leaves a
        // file that looks complete.
        var partial = target + ".partial";
        File.Delete(partial);
        using (var source = (SqliteConnection)db.Open())
        using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            copy.Open();
            source.BackupDatabase(copy);
            // One self-contained file: no write-ahead log beside it to lose when it is copied elsewhere.
            copy.Execute("PRAGMA journal_mode = DELETE");
        }

        var check = Check(partial);
        if (check.Problem is not null)
        {
            File.Delete(partial);
            Console.Error.WriteLine($"The copy failed its integrity check ({check.Problem}); nothing was written to {target}.");
            return 1;
        }

        File.Move(partial, target, overwrite: true);
        Console.WriteLine($"Backed up {db.FilePath} to {target}: {check.Listings:N0} listings, schema version {check.Version}, " +
            $"{new FileInfo(target).Length / 1024.0 / 1024.0:F1} MB, integrity check ok, in {watch.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    public static int Restore(IServiceProvider services, string[] args)
    {
        if (args.Length < 2 || args[1].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: restore FILE [--force]   (--force restores into the database of a running site)");
            return 2;
        }

        var source = Path.GetFullPath(args[1]);
        if (!File.Exists(source))
        {
            Console.Error.WriteLine($"No file at {source}.");
            return 2;
        }

        var db = services.GetRequiredService<Db>();
        var migrator = services.GetRequiredService<Migrator>();
        if (db.IsPostgres)
        {
            return PostgresTools.Restore(db, migrator, source, args.Contains("--force"));
        }

        var check = Check(source);
        if (check.Problem is not null || check.Version > migrator.LatestVersion)
        {
            Console.Error.WriteLine($"{source} is not a backup this version can restore: " +
                (check.Problem?.TrimEnd('.') ?? $"its schema version {check.Version} is newer than this build's {migrator.LatestVersion}") + ". Nothing was changed.");
            return 1;
        }

        var path = db.FilePath!;
        using var exclusive = SiteLock.TryExclusive(db);
        if (exclusive is null && !args.Contains("--force"))
        {
            Console.Error.WriteLine($"A running site is using {db.FilePath}. Stop it first (systemctl stop iopfinder), " +
                "or pass --force to restore into it while it serves: visitors then see the restored listings within seconds. Nothing was changed.");
            return 1;
        }

        var watch = Stopwatch.StartNew();
        long versionBefore;
        using (var live = (SqliteConnection)db.Open())
        {
            versionBefore = live.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE name = 'data_versions'") == 0
                ? 0
                : live.ExecuteScalar<long?>("SELECT max(version) FROM data_versions") ?? 0;
            using var backup = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            backup.Open();
            backup.BackupDatabase(live);
        }

        migrator.Migrate();
        using (var live = db.Open())
        {
            // Running sites reload when the listings' version changes; a restored file may carry a number
            // they have already seen, so move past every number either database has used.
            live.Execute("UPDATE data_versions SET version = max(version, @versionBefore) + 1", new { versionBefore });
        }

        var after = Check(path);
        Console.WriteLine($"Restored {source} into {db.FilePath}: {after.Listings:N0} listings, schema version {after.Version}, " +
            $"integrity check {(after.Problem is null ? "ok" : "FAILED: " + after.Problem)}, in {watch.Elapsed.TotalSeconds:F1} s.");
        return after.Problem is null ? 0 : 1;
    }

    /// <summary>SQLite's integrity check and the schema version of a database file, read without changing it.</summary>
    private static (string? Problem, int Version, long Listings) Check(string path)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            var integrity = connection.Query<string>("PRAGMA integrity_check").ToList();
            if (integrity is not ["ok"])
            {
                return (string.Join("; ", integrity.Take(5)), 0, 0);
            }

            var version = connection.ExecuteScalar<int>("PRAGMA user_version");
            var hasClinics = connection.ExecuteScalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'clinics'") > 0;
            return version == 0 || !hasClinics
                ? ("it holds no IopFinder data", version, 0)
                : (null, version, ClinicQueries.Count(connection));
        }
        catch (SqliteException exception)
        {
            return (exception.Message, 0, 0);
        }
    }
}
