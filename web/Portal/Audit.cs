using System.Data.Common;
using System.Globalization;
using Dapper;
using IopFinder.Web.Data;

namespace IopFinder.Web.Portal;

/// <summary>One line of the audit trail: who did what, to which listing, from which request.</summary>
public sealed record AuditEntry(long Id, string At, long? UserId, string? Email, string Action, long? ClinicId, string Details, string? RequestId);

/// <summary>
/// The append-only audit trail. The application only ever inserts; triggers in the database refuse
/// any update or delete, so history cannot be rewritten through the app.
/// </summary>
public sealed class Audit(Db db, TimeProvider clock, IHttpContextAccessor http)
{
    public void Record(long? userId, string action, long? clinicId, string details, DbConnection? connection = null, DbTransaction? transaction = null)
    {
        var own = connection is null ? db.Open() : null;
        try
        {
            (connection ?? own)!.Execute(
                "INSERT INTO audit_log (at, user_id, action, clinic_id, details, request_id) VALUES (@at, @userId, @action, @clinicId, @details, @requestId)",
                new { at = clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture), userId, action, clinicId, details, requestId = http.HttpContext?.TraceIdentifier },
                transaction);
        }
        finally
        {
            own?.Dispose();
        }
    }

    public IReadOnlyList<AuditEntry> Recent(long? clinicId = null, int limit = 200)
    {
        using var connection = db.Open();
        return connection.Query<AuditEntry>(
            """
            SELECT a.id, a.at, a.user_id, u.email, a.action, a.clinic_id, a.details, a.request_id
            FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            WHERE @clinicId IS NULL OR a.clinic_id = @clinicId
            ORDER BY a.id DESC LIMIT @limit
            """, new { clinicId, limit }).ToList();
    }
}
