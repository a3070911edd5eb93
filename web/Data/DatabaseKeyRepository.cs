using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace IopFinder.Web.Data;

/// <summary>
/// The Data Protection key ring kept in the shared PostgreSQL database, so every site process signs and
/// reads cookies and antiforgery tokens with the same keys: a sign-in on one instance is valid on all.
/// (On SQLite there is one site process and the keys stay in files beside the database.)
/// </summary>
public sealed class DatabaseKeyRepository(Db db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.Open();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY name").Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = db.Open();
        // Two instances starting together may each make a key; both are kept, and both are read by all.
        connection.Execute("INSERT INTO data_protection_keys (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
            new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
