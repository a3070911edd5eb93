using System.Net;
using Microsoft.Data.Sqlite;

namespace IopFinder.Tests.Site;

/// <summary>/healthz tells an operator the truth when something the site needs is gone.</summary>
public sealed class HealthTests : IDisposable
{
    private readonly SiteFactory _factory = new() { DemoClinics = 5 };

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
}
