using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Data;

/// <summary><c>migrate-data</c>: a whole SQLite site copied into PostgreSQL, as an operator moving to several instances does it.</summary>
public sealed class MigrateDataTests : IDisposable
{
    private static readonly string[] Tables = ["clinics", "users", "clinic_staff", "user_tokens", "access_requests", "proposed_changes", "clinic_reports", "audit_log", "search_index"];

    private readonly SiteFactory _sqlite = new() { DemoClinics = 60, Settings = new Dictionary<string, string> { ["Database:Provider"] = "sqlite" } };
    private readonly string _postgres = Postgres.CreateDatabase();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _sqlite.Dispose();
        Postgres.DropDatabase(_postgres);
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task A_sqlite_site_moves_to_postgres_whole_and_a_second_run_changes_nothing()
    {
        // History of every kind: a clinic account on a listing, a proposed change, a report, audit entries.
        var user = _sqlite.CreateUser("staff@clinic.example.org", "clinic", 4);
        _sqlite.Services.GetRequiredService<Accounts>().IssueToken(user.Id, "reset");
        _sqlite.Services.GetRequiredService<ListingEdits>().Propose(user.Id, _sqlite.Listing(4), new() { ["phone"] = new FieldChange("", "434-555-0100") });
        using var client = _sqlite.Client();
        await client.PostPageAsync($"/clinics/{_sqlite.Listing(7).Slug}/claim", $"/clinics/{_sqlite.Listing(7).Slug}/claim",
            ("Form.Name", "Dana Lee"), ("Form.Email", "dana@clinic.example.org"), ("Form.Role", "Program director"), ("Form.Note", ""));
        await client.PostPageAsync($"/clinics/{_sqlite.Listing(9).Slug}/report", $"/clinics/{_sqlite.Listing(9).Slug}/report", ("Form.Kind", "wrong_phone"), ("Form.Message", "Rings out."));
        var from = $"sqlite:{_sqlite.DatabasePath}";
        var to = $"postgres:{_postgres}";

        var (exit, output) = await CliProcess.RunAsync([], ["migrate-data", "--from", from, "--to", to]);

        Assert.True(exit == 0, output);
        using var source = Db.Parse(from);
        using var target = Db.Parse(to);
        using (var sqlite = source.Open())
        using (var postgres = target.Open())
        {
            foreach (var table in Tables)
            {
                Assert.True(sqlite.ExecuteScalar<long>($"SELECT count(*) FROM {table}") > 0, table);
                Assert.Equal(sqlite.ExecuteScalar<long>($"SELECT count(*) FROM {table}"), postgres.ExecuteScalar<long>($"SELECT count(*) FROM {table}"));
            }

            Assert.Equal(sqlite.Query<string>("SELECT name || '|' || phone || '|' || row_version FROM clinics ORDER BY id"),
                postgres.Query<string>("SELECT name || '|' || phone || '|' || row_version FROM clinics ORDER BY id"));
            Assert.Equal(sqlite.Query<string>("SELECT action || '|' || details FROM audit_log ORDER BY id"), postgres.Query<string>("SELECT action || '|' || details FROM audit_log ORDER BY id"));
            Assert.True(postgres.ExecuteScalar<long>("SELECT count(*) FROM data_protection_keys") > 0, "the site's keys were copied, so its sign-ins stay valid");
        }

        long version;
        using (var postgres = target.Open())
        {
            version = postgres.ExecuteScalar<long>("SELECT version FROM data_versions");
        }

        // The second run as the guide writes it: the connection string from the environment file, never on the command line.
        var (again, againOutput) = await CliProcess.RunAsync([], ["migrate-data", "--from", from, "--to", "postgres"],
            new Dictionary<string, string> { ["Database__Provider"] = "postgres", ["Database__ConnectionString"] = _postgres });

        Assert.True(again == 0, againOutput);
        Assert.DoesNotMatch(@"\(([1-9][\d,]*) new|, ([1-9][\d,]*) changed\)", againOutput);
        using (var postgres = target.Open())
        {
            Assert.Equal(version, postgres.ExecuteScalar<long>("SELECT version FROM data_versions"));
        }

        // A site started on the copy knows the clinic account and its password, and the listing it works on.
        using var moved = new SiteFactory { DemoClinics = 0, Settings = new Dictionary<string, string> { ["Database:Provider"] = "postgres", ["Database:ConnectionString"] = _postgres } };
        using var staff = moved.Client();
        var signIn = await staff.LoginAsync("staff@clinic.example.org");
        Assert.Equal("/portal", signIn.Headers.Location?.OriginalString);
        Assert.Contains(_sqlite.Listing(4).Name, await staff.GetStringAsync("/portal"));
    }

    [Fact, Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
    public async Task Without_a_source_or_with_a_sqlite_target_it_changes_nothing_and_says_why()
    {
        _ = _sqlite.Services;
        var (missing, missingOutput) = await CliProcess.RunAsync([], ["migrate-data", "--from", "sqlite:/nonexistent/site.db", "--to", "postgres:" + _postgres]);
        var (wrong, wrongOutput) = await CliProcess.RunAsync([], ["migrate-data", "--from", $"sqlite:{_sqlite.DatabasePath}", "--to", "sqlite:/tmp/other.db"]);
        var (bare, bareOutput) = await CliProcess.RunAsync([], ["migrate-data"]);

        Assert.Equal(2, missing);
        Assert.Contains("No SQLite database at /nonexistent/site.db", missingOutput);
        Assert.Equal(2, wrong);
        Assert.Contains("copies into PostgreSQL", wrongOutput);
        Assert.Equal(2, bare);
        Assert.Contains("usage: migrate-data", bareOutput);
        using var postgres = Db.Parse("postgres:" + _postgres).Open();
        Assert.False(postgres.ExecuteScalar<bool>("SELECT to_regclass('clinics') IS NOT NULL"));
    }
}
