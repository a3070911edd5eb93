using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace IopFinder.Tests.Support;

/// <summary>
/// A site with no listings that the tests of one class share (<c>IClassFixture&lt;EmptySite&gt;</c>), for tests
/// that each import into an empty directory: each test calls <see cref="Empty"/> first. Listing ids keep counting
/// up across tests, as they do on a real site (ids are never reused).
/// </summary>
public sealed class EmptySite : SiteFactory
{
    public EmptySite() => DemoClinics = 0;

    /// <summary>Removes every listing and its search row in one transaction, and has the directory reload.</summary>
    public void Empty()
    {
        using (var connection = Services.GetRequiredService<Db>().Open())
        using (var transaction = connection.BeginWrite())
        {
            connection.Execute("DELETE FROM search_index WHERE kind = 'clinic'", transaction: transaction);
            connection.Execute("DELETE FROM clinics", transaction: transaction);
            transaction.Commit();
        }

        Services.GetRequiredService<ClinicIndex>().RefreshIfChanged();
    }
}
