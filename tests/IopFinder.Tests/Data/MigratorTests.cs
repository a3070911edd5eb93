using Dapper;
using IopFinder.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace IopFinder.Tests.Data;

public sealed class MigratorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private Db NewDb() => new(Path.Combine(_folder.Path, "test.db"));

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public void Migrating_twice_applies_nothing_the_second_time()
    {
        var db = NewDb();
        var migrator = new Migrator(db, NullLogger<Migrator>.Instance);

        var first = migrator.Migrate();
        var second = migrator.Migrate();

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        Assert.Equal(migrator.LatestVersion, migrator.CurrentVersion());
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Two_processes_starting_at_once_apply_each_migration_exactly_once()
    {
        for (var round = 0; round < 10; round++)
        {
            var path = Path.Combine(_folder.Path, $"race-{round}.db");
            // Two separate databases objects are two connection pools, like two processes on one file.
            var first = new Migrator(new Db(path), NullLogger<Migrator>.Instance);
            var second = new Migrator(new Db(path), NullLogger<Migrator>.Instance);
            using var start = new Barrier(2);

            var applied = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return first.Migrate(); }),
                Task.Run(() => { start.SignalAndWait(); return second.Migrate(); }));

            Assert.Equal(first.LatestVersion, applied.Sum());
            Assert.Equal(first.LatestVersion, first.CurrentVersion());
        }
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public void A_failing_migration_leaves_the_version_and_schema_as_they_were()
    {
        var db = NewDb();
        var migrations = new[]
        {
            new Migration(1, "good", "CREATE TABLE one (id INTEGER PRIMARY KEY);"),
            new Migration(2, "bad", "CREATE TABLE two (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);"),
        };
        var migrator = new Migrator(db, migrations, NullLogger<Migrator>.Instance);

        Assert.ThrowsAny<SqliteException>(() => migrator.Migrate());

        Assert.Equal(1, migrator.CurrentVersion());
        using var connection = db.Open();
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table'").ToList();
        Assert.Contains("one", tables);
        Assert.DoesNotContain("two", tables);
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public void The_database_uses_write_ahead_logging_and_a_busy_timeout()
    {
        var db = NewDb();
        new Migrator(db, NullLogger<Migrator>.Instance).Migrate();

        using var connection = db.Open();
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
        Assert.Equal(5000, connection.ExecuteScalar<int>("PRAGMA busy_timeout"));
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public void Embedded_migrations_are_numbered_without_gaps()
    {
        var versions = Migrator.LoadEmbedded().Select(m => m.Version).ToList();

        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    public void Dispose() => _folder.Dispose();
}
