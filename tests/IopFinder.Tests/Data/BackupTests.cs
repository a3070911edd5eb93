using System.Diagnostics;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Data;

/// <summary>The backup and restore verbs, run as an operator runs them: separate processes beside a serving site.</summary>
public sealed class BackupTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 60 };
    private readonly TempFolder _files = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
        _files.Dispose();
    }

    /// <summary>Listings 1 and 2's names in a database the restore wrote.</summary>
    private static (string? A, string? B) Pair(Db restored)
    {
        using var connection = restored.Open();
        return (connection.ExecuteScalar<string>("SELECT name FROM clinics WHERE id = 1"), connection.ExecuteScalar<string>("SELECT name FROM clinics WHERE id = 2"));
    }

    /// <summary>What the backup verb says of a copy it checked: SQLite's integrity check, or pg_restore reading the archive.</summary>
    private string CheckedCopy => _factory.ConnectionString is null ? "integrity check ok" : "archive readable";

    [Fact]
    public async Task A_backup_taken_while_the_site_writes_restores_to_one_consistent_state()
    {
        _ = _factory.Services;
        var db = _factory.Services.GetRequiredService<Db>();
        using var stop = new CancellationTokenSource();
        var written = 0;
        // Each transaction renames two listings to the same new name: a consistent copy never shows them apart.
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var connection = db.Open();
                using var transaction = connection.BeginWrite();
                var name = $"Pair {written + 1}";
                connection.Execute("UPDATE clinics SET name = @name WHERE id = 1", new { name }, transaction);
                Thread.Sleep(1);
                connection.Execute("UPDATE clinics SET name = @name WHERE id = 2", new { name }, transaction);
                transaction.Commit();
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 20)
        {
            await Task.Delay(10);
        }

        var backup = Path.Combine(_files.Path, "site-backup.db");
        var before = Volatile.Read(ref written);
        var (backupExit, backupOutput) = await CliProcess.RunAsync(_factory, "backup", backup);
        var after = Volatile.Read(ref written);
        await stop.CancelAsync();
        await writer;

        Assert.True(backupExit == 0, backupOutput);
        Assert.Contains(CheckedCopy, backupOutput);
        Assert.True(after > before, "the site kept writing while the backup ran");
        // Restored into a new, empty database of the same kind.
        var restored = _factory.ConnectionString is null
            ? $"sqlite:{Path.Combine(_files.Path, "restored", "site.db")}"
            : $"postgres:{Postgres.CreateDatabase()}";
        using var restoredDb = Db.Parse(restored);
        string[] target = restoredDb.IsPostgres
            ? ["--Database:Provider=postgres", "--Database:ConnectionString=" + restored["postgres:".Length..]]
            : ["--Database:Path=" + restoredDb.FilePath];
        var (restoreExit, restoreOutput) = await CliProcess.RunAsync(target, ["restore", backup]);
        Assert.True(restoreExit == 0, restoreOutput);
        Assert.Contains("60 listings", restoreOutput);
        if (!restoredDb.IsPostgres)
        {
            Assert.Contains("integrity check ok", restoreOutput);
        }

        var (a, b) = Pair(restoredDb);
        Assert.StartsWith("Pair ", a);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Restore_refuses_a_running_sites_database_without_force_and_with_force_the_site_shows_the_restored_listings()
    {
        var queries = _factory.Services.GetRequiredService<ClinicQueries>();
        using var client = _factory.Client();
        var listing = queries.ById(3)!;
        listing.Name = "Name In The Backup";
        queries.Save([listing]);
        var backup = Path.Combine(_files.Path, "backup.db");
        Assert.Equal(0, (await CliProcess.RunAsync(_factory, "backup", backup)).ExitCode);
        listing.Name = "Name After The Backup";
        queries.Save([listing]);
        _factory.Services.GetRequiredService<ClinicIndex>().RefreshIfChanged();
        // Read twice, so the page is in the output cache when the restore happens.
        Assert.Contains("Name After The Backup", await client.GetStringAsync(listing.Url));
        Assert.Contains("Name After The Backup", await client.GetStringAsync(listing.Url));

        var (refusedExit, refusedOutput) = await CliProcess.RunAsync(_factory, "restore", backup);

        Assert.Equal(1, refusedExit);
        Assert.Contains("A running site is using", refusedOutput);
        Assert.Equal("Name After The Backup", queries.ById(3)!.Name);

        var (forcedExit, forcedOutput) = await CliProcess.RunAsync(_factory, "restore", backup, "--force");

        Assert.True(forcedExit == 0, forcedOutput);
        Assert.Equal("Name In The Backup", queries.ById(3)!.Name);
        var watch = Stopwatch.StartNew();
        string page;
        while (!(page = await client.GetStringAsync(listing.Url)).Contains("Name In The Backup", StringComparison.Ordinal) && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }

        Assert.Contains("Name In The Backup", page);
    }

    [Fact]
    public async Task A_file_that_is_not_a_sound_backup_is_refused_and_nothing_changes()
    {
        var junk = _files.File("junk.db", "this is not a database");
        var existing = Path.Combine(_files.Path, "existing.db");
        File.WriteAllText(existing, "");

        var (exit, output) = await CliProcess.RunAsync(_factory, "restore", junk, "--force");
        var (backupExit, backupOutput) = await CliProcess.RunAsync(_factory, "backup", existing);

        Assert.Equal(1, exit);
        Assert.Contains("is not a backup this version can restore", output);
        Assert.Equal(60, _factory.Services.GetRequiredService<ClinicQueries>().Count());
        Assert.Equal(1, backupExit);
        Assert.Contains("already exists", backupOutput);
    }
}
