using System.Diagnostics;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;

namespace IopFinder.Web.Cli;

/// <summary>
/// Backup and restore of a PostgreSQL site with PostgreSQL's own tools: <c>pg_dump</c> writes one
/// consistent snapshot while sites keep serving, <c>pg_restore</c> puts it back in one transaction.
/// </summary>
public static class PostgresTools
{
    public static int Dump(Db db, string target, Stopwatch watch)
    {
        var partial = target + ".partial";
        File.Delete(partial);
        var (exit, output) = Run(db, "pg_dump", "--format=custom", "--no-owner", "--file=" + partial, "--dbname=" + db.PostgresSettings!.Database);
        if (exit != 0)
        {
            File.Delete(partial);
            Console.Error.WriteLine($"pg_dump failed; nothing was written to {target}.\n{output}");
            return 1;
        }

        if (ListProblem(db, partial) is { } problem)
        {
            File.Delete(partial);
            Console.Error.WriteLine($"The dump failed its check ({problem}); nothing was written to {target}.");
            return 1;
        }

        File.Move(partial, target, overwrite: true);
        using var connection = db.Open();
        var listings = ClinicQueries.Count(connection);
        Console.WriteLine($"Backed up {db.Description} to {target} with pg_dump: {listings:N0} listings, " +
            $"{new FileInfo(target).Length / 1024.0 / 1024.0:F1} MB, archive readable, in {watch.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    public static int Restore(Db db, Migrator migrator, string source, bool force)
    {
        if (ListProblem(db, source) is { } problem)
        {
            Console.Error.WriteLine($"{source} is not a backup this version can restore: {problem}. Nothing was changed.");
            return 1;
        }

        // Held until the restore is done, so a site that starts meanwhile waits for it rather than serving half a database.
        using var exclusive = SiteLock.TryExclusive(db);
        if (exclusive is null && !force)
        {
            Console.Error.WriteLine($"A running site is using {db.Description}. Stop every site first (systemctl stop iopfinder), " +
                "or pass --force to restore into it while they serve: visitors then see the restored listings within seconds. Nothing was changed.");
            return 1;
        }

        var watch = Stopwatch.StartNew();
        long versionBefore;
        using (var live = db.Open())
        {
            versionBefore = live.ExecuteScalar<bool>("SELECT to_regclass('data_versions') IS NOT NULL")
                ? live.ExecuteScalar<long?>("SELECT max(version) FROM data_versions") ?? 0
                : 0;
        }

        var (exit, output) = Run(db, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname=" + db.PostgresSettings!.Database, source);
        if (exit != 0)
        {
            Console.Error.WriteLine($"pg_restore failed and rolled back; the database is as it was.\n{output}");
            return 1;
        }

        migrator.Migrate();
        using (var live = db.Open())
        {
            // Running sites reload when the listings' version changes; the restored one may be a number
            // they have already seen, so move past every number either database has used.
            live.Execute("UPDATE data_versions SET version = greatest(version, @versionBefore) + 1", new { versionBefore });
            var listings = ClinicQueries.Count(live);
            Console.WriteLine($"Restored {source} into {db.Description}: {listings:N0} listings, schema version {migrator.CurrentVersion()}, in {watch.Elapsed.TotalSeconds:F1} s.");
        }

        return 0;
    }

    /// <summary>Why the file is not a readable dump of an IopFinder database, or null when it is one.</summary>
    private static string? ListProblem(Db db, string file)
    {
        var (exit, output) = Run(db, "pg_restore", "--list", file);
        if (exit != 0)
        {
            return "pg_restore cannot read it (" + output.Trim().Split('\n')[0] + ")";
        }

        return output.Contains("TABLE DATA public clinics", StringComparison.Ordinal) ? null : "it holds no IopFinder listings";
    }

    /// <summary>Runs a PostgreSQL client tool against the site's database; the password goes in the environment, never the command line.</summary>
    private static (int ExitCode, string Output) Run(Db db, string tool, params string[] arguments)
    {
        var settings = db.PostgresSettings!;
        var start = new ProcessStartInfo(Find(tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PGHOST"] = settings.Host;
        start.Environment["PGPORT"] = settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = settings.Username;
        if (!string.IsNullOrEmpty(settings.Password))
        {
            start.Environment["PGPASSWORD"] = settings.Password;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>The tool on the PATH, or in Debian's versioned folder (the newest, which also reads older servers).</summary>
    private static string Find(string tool)
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(folder, tool)))
            {
                return Path.Combine(folder, tool);
            }
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).OrderByDescending(p => p, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException($"{tool} was not found. Install PostgreSQL's client tools (apt-get install postgresql-client).");
    }
}
