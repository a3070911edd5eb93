using Dapper;
using IopFinder.Web.Data;
using IopFinder.Web.Portal;

namespace IopFinder.Web.Clinics;

/// <summary>Replaces the demo listings as a whole; real listings are never touched.</summary>
public sealed class DemoListings(Db db, Audit audit, TimeProvider clock)
{
    /// <summary>
    /// Replaces every demo listing with <paramref name="clinics"/> in one transaction. A demo listing
    /// that a claim, a proposed change, a report or the audit log still names is not deleted: it stays,
    /// hidden and marked removed (its slug freed for the new listings), so that history still reads
    /// true; its pending requests and changes are closed. Returns how many were kept that way.
    /// </summary>
    public int Replace(IReadOnlyList<Clinic> clinics) => Replace(clinics, onlyIntoEmpty: false) ?? 0;

    /// <summary>
    /// Seeds a fresh install, deciding inside the write transaction that there are no listings yet: of
    /// several site processes starting together on one new database, one seeds and the others find it done.
    /// </summary>
    public void SeedIfEmpty(IReadOnlyList<Clinic> clinics) => Replace(clinics, onlyIntoEmpty: true);

    /// <summary>As <see cref="Replace(IReadOnlyList{Clinic})"/>; null when <paramref name="onlyIntoEmpty"/> found listings and changed nothing.</summary>
    private int? Replace(IReadOnlyList<Clinic> clinics, bool onlyIntoEmpty)
    {
        var now = clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        if (onlyIntoEmpty && ClinicQueries.Count(connection, transaction) > 0)
        {
            return null;
        }

        var referenced = ClinicQueries.ReferencedDemoIds(connection, transaction);
        foreach (var chunk in referenced.Chunk(500))
        {
            ClinicQueries.MarkRemoved(connection, transaction, chunk, now);
            connection.Execute($"UPDATE access_requests SET status = 'rejected', decided_at = @now WHERE status = 'pending' AND {connection.InList("clinic_id", "chunk")}", new { now, chunk }, transaction);
            connection.Execute($"UPDATE proposed_changes SET status = 'rejected', note = 'The demo listing was replaced.', decided_at = @now WHERE status = 'pending' AND {connection.InList("clinic_id", "chunk")}", new { now, chunk }, transaction);
            connection.Execute($"UPDATE clinic_reports SET status = 'resolved' WHERE status = 'open' AND {connection.InList("clinic_id", "chunk")}", new { chunk }, transaction);
        }

        var deleted = ClinicQueries.DeleteDemo(connection, transaction);
        ClinicQueries.RefreshSearchText(connection, transaction, [.. referenced, .. deleted]);
        ClinicQueries.Save(connection, transaction, clinics);
        audit.Record(null, "demo-replaced", null, $"{clinics.Count} demo listings; {referenced.Count} old ones kept as removed", connection, transaction);
        transaction.Commit();
        return referenced.Count;
    }
}
