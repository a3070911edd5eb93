using Dapper;
using IopFinder.Web.Data;

namespace IopFinder.Web.Clinics;

/// <summary>Replaces the demo listings as a whole; real listings are never touched.</summary>
public sealed class DemoListings(Db db, ClinicQueries queries)
{
    public void Replace(IReadOnlyList<Clinic> clinics)
    {
        using (var connection = db.Open())
        {
            connection.Execute("DELETE FROM clinic_reports WHERE clinic_id IN (SELECT id FROM clinics WHERE source = 'demo'); DELETE FROM clinics WHERE source = 'demo';");
        }

        queries.Save(clinics);
    }
}
