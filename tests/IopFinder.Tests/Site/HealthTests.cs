using System.Diagnostics;
using System.Net;
using Dapper;
using IopFinder.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Site;

/// <summary>/healthz tells an operator the truth when something the site needs is gone.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly SiteFactory _factory = new()
    {
        DemoClinics = 5,
        // Checks every 50 ms, so a directory that has stopped checking is reported after a second.
        Settings = new Dictionary<string, string> { ["Directory:ReloadCheckMilliseconds"] = "50" },
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_deleted_database_makes_the_site_unhealthy_though_open_connections_still_read_it()
    {
        using var client = _factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);

        // The SQLite file deleted, or the PostgreSQL database dropped (ending the site's sessions on it).
        if (_factory.ConnectionString is { } connectionString)
        {
            Postgres.DropDatabase(connectionString);
        }
        else
        {
            File.Delete(_factory.DatabasePath);
        }

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        // "no database file", or, if a background check opened a new connection meanwhile and so created an
        // empty file, "schema version 0": unhealthy either way.
        Assert.Contains("database: Unhealthy (", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_directory_that_can_no_longer_check_for_changes_is_reported_and_recovers()
    {
        using var client = _factory.Client();
        Assert.Matches(@"\ndirectory: Healthy \(5 listings at version \d+; \d+ checks for changes, the last \d+\.\d s ago\)\n", await client.GetStringAsync("/healthz"));

        // The version table out of reach: every check fails, though the database itself still answers.
        using (var connection = _factory.Services.GetRequiredService<Db>().Open())
        {
            connection.Execute("ALTER TABLE data_versions RENAME TO data_versions_away");
        }

        var stale = await HealthUntil(client, text => text.Contains("directory: Degraded", StringComparison.Ordinal));
        Assert.Contains("directory: Degraded", stale);
        Assert.Contains("database: Healthy", stale);
        using (var connection = _factory.Services.GetRequiredService<Db>().Open())
        {
            connection.Execute("ALTER TABLE data_versions_away RENAME TO data_versions");
        }

        Assert.Contains("directory: Healthy", await HealthUntil(client, text => text.Contains("directory: Healthy", StringComparison.Ordinal)));
    }

    private static async Task<string> HealthUntil(HttpClient client, Func<string, bool> done)
    {
        var waited = Stopwatch.StartNew();
        string text;
        while (!done(text = await client.GetStringAsync("/healthz")) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100);
        }

        return text;
    }
}
