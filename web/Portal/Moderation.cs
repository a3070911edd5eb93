using System.Globalization;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;

namespace IopFinder.Web.Portal;

/// <summary>How a moderator's decision on an access request or a report ended.</summary>
public enum Decision
{
    Decided,

    /// <summary>Already decided, or there is no such item: nothing changed.</summary>
    NotPending,

    /// <summary>The moderator asked for this access, directly or by inviting the person: another moderator decides.</summary>
    OwnRequest,
}

/// <summary>
/// Moderators' decisions on access requests and public reports, beside <see cref="ListingEdits"/>' decisions on
/// proposed changes. Each is decided and applied in one transaction, conditional on the item still being open,
/// so of two moderators deciding at once one decides and the other changes nothing.
/// </summary>
public sealed class Moderation(Db db, Accounts accounts, ListingEdits edits, Audit audit, PortalMail mail, ClinicIndex index, TimeProvider clock)
{
    private string Now => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    // Nobody decides access they asked for: not their own request, nor one for a colleague they invited.
    private const string NotTheirOwn = "lower(email) <> lower(@myEmail) AND (invited_by IS NULL OR invited_by <> @by)";

    /// <summary>Approves a pending request; the invitation (or sign-in link) is written to the outbox in the same transaction.</summary>
    public Decision ApproveRequest(long id, long moderatorId, string moderatorEmail)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var request = connection.QuerySingleOrDefault<(long ClinicId, string Name, string Email)?>(
            $"UPDATE access_requests SET status = 'approved', decided_by = @by, decided_at = @now WHERE id = @id AND status = 'pending' AND {NotTheirOwn} RETURNING clinic_id, name, email",
            new { by = moderatorId, myEmail = moderatorEmail, now = Now, id }, transaction);
        if (request is not { } approved)
        {
            return Refusal(connection, transaction, id);
        }

        var user = accounts.Ensure(connection, transaction, approved.Email, approved.Name, "clinic");
        edits.AddStaff(connection, transaction, user.Id, approved.ClinicId, moderatorId);
        audit.Record(moderatorId, "access-approved", approved.ClinicId, $"request {id} for {approved.Email}", connection, transaction);
        var token = user.PasswordHash is null ? accounts.IssueToken(connection, transaction, user.Id, "invite") : null;
        mail.AccessApproved(connection, transaction, approved.Email, approved.Name, token);
        transaction.Commit();
        edits.ListingsChanged();
        return Decision.Decided;
    }

    public Decision RejectRequest(long id, long moderatorId, string moderatorEmail)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var clinicId = connection.ExecuteScalar<long?>(
            $"UPDATE access_requests SET status = 'rejected', decided_by = @by, decided_at = @now WHERE id = @id AND status = 'pending' AND {NotTheirOwn} RETURNING clinic_id",
            new { by = moderatorId, myEmail = moderatorEmail, now = Now, id }, transaction);
        if (clinicId is null)
        {
            return Refusal(connection, transaction, id);
        }

        audit.Record(moderatorId, "access-rejected", clinicId, $"request {id}", connection, transaction);
        transaction.Commit();
        return Decision.Decided;
    }

    /// <summary>Resolves an open report, closing the listing too when <paramref name="close"/>.</summary>
    public Decision ResolveReport(long id, long moderatorId, bool close)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var clinicId = connection.ExecuteScalar<long?>("UPDATE clinic_reports SET status = 'resolved' WHERE id = @id AND status = 'open' RETURNING clinic_id", new { id }, transaction);
        if (clinicId is null)
        {
            return Decision.NotPending;
        }

        if (close)
        {
            ClinicQueries.Close(connection, transaction, clinicId.Value, Now[..10]);
        }

        audit.Record(moderatorId, close ? "listing-closed" : "report-resolved", clinicId, $"report {id}", connection, transaction);
        transaction.Commit();
        index.Nudge();
        return Decision.Decided;
    }

    /// <summary>Why a conditional decision changed nothing, read in the same transaction: still pending means it was the moderator's own.</summary>
    private static Decision Refusal(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id) =>
        connection.ExecuteScalar<string?>("SELECT status FROM access_requests WHERE id = @id", new { id }, transaction) == "pending" ? Decision.OwnRequest : Decision.NotPending;
}
