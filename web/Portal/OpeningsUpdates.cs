using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;

namespace IopFinder.Web.Portal;

/// <summary>One openings update as moderators review it: who, when, from what to what, and whether it was undone.</summary>
public sealed record OpeningsUpdate(long Id, long ClinicId, string ClinicName, string Slug, string? Email, string Source, string BeforeJson, string AfterJson, string At, string? RevertedAt)
{
    public Openings Before => Read(BeforeJson);

    public Openings After => Read(AfterJson);

    internal static string Write(Openings openings) => JsonSerializer.Serialize(openings);

    internal static Openings Read(string json) => JsonSerializer.Deserialize<Openings>(json) ?? Openings.None;
}

public enum OpeningsOutcome
{
    Saved,

    /// <summary>No such active listing: nothing changed.</summary>
    NotFound,

    /// <summary>The values break a rule; <see cref="OpeningsUpdates.Update"/> says which.</summary>
    Refused,

    /// <summary>A revert whose listing's openings have changed since the update, or an update already reverted.</summary>
    ChangedSince,
}

/// <summary>
/// Openings updates: by a listing's staff (live at once, since openings go stale in days), by a moderator, and a
/// moderator's revert of one. Each is decided and applied in one write transaction with its history row and audit
/// entry; a revert only when the listing still shows what the update set.
/// </summary>
public sealed class OpeningsUpdates(Db db, ClinicIndex index, Audit audit, OpeningsCalendar calendar, TimeProvider clock)
{
    private string Now => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// Sets a listing's openings as confirmed today by <paramref name="source"/>. Returns the outcome and, when refused,
    /// the sentence saying why.
    /// </summary>
    public (OpeningsOutcome Outcome, string? Problem) Update(long clinicId, long? userId, string source, string? status, DateOnly? nextStart, int? waitWeeks)
    {
        var today = calendar.Today;
        if (Openings.Problem(status, nextStart, waitWeeks, today, today) is { } problem)
        {
            return (OpeningsOutcome.Refused, problem);
        }

        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var outcome = Apply(connection, transaction, clinicId, userId, source, status!, nextStart, waitWeeks);
        if (outcome == OpeningsOutcome.Saved)
        {
            transaction.Commit();
            Published();
        }

        return (outcome, null);
    }

    /// <summary>
    /// Sets already-checked openings, confirmed today, inside the caller's write transaction, with their history row and
    /// audit entry: the one way openings change (the portal, a reminder link, a moderator).
    /// </summary>
    internal OpeningsOutcome Apply(DbConnection connection, DbTransaction transaction, long clinicId, long? userId, string source, string status, DateOnly? nextStart, int? waitWeeks, string? note = null)
    {
        if (ClinicQueries.ById(connection, transaction, clinicId) is not { Status: ListingStatus.Active } clinic)
        {
            return OpeningsOutcome.NotFound;
        }

        var reported = status != OpeningStatus.Unknown;
        var after = new Openings(status, nextStart, waitWeeks, reported ? calendar.Today : null, reported ? source : null);
        ClinicQueries.SetOpenings(connection, transaction, clinic.Id, after);
        connection.Execute(
            "INSERT INTO openings_updates (clinic_id, user_id, source, before_json, after_json, at) VALUES (@clinicId, @userId, @source, @before, @after, @at)",
            new { clinicId = clinic.Id, userId, source, before = OpeningsUpdate.Write(clinic.Openings), after = OpeningsUpdate.Write(after), at = Now }, transaction);
        audit.Record(userId, "openings-updated", clinic.Id, note is null ? Describe(after) : $"{Describe(after)} ({note})", connection, transaction);
        return OpeningsOutcome.Saved;
    }

    /// <summary>After a commit: this instance's directory reloads now rather than at its next check.</summary>
    internal void Published() => index.Nudge();

    /// <summary>
    /// Puts back what a listing's openings were before update <paramref name="updateId"/>, when the listing still shows
    /// what that update set: a newer update by the clinic is never undone by reverting an older one.
    /// </summary>
    public OpeningsOutcome Revert(long updateId, long moderatorId)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var update = connection.QuerySingleOrDefault<(long ClinicId, string BeforeJson, string AfterJson)?>(
            "UPDATE openings_updates SET reverted_by = @moderatorId, reverted_at = @now WHERE id = @updateId AND reverted_at IS NULL RETURNING clinic_id, before_json, after_json",
            new { moderatorId, now = Now, updateId }, transaction);
        if (update is not { } found)
        {
            return connection.ExecuteScalar<long?>("SELECT id FROM openings_updates WHERE id = @updateId", new { updateId }, transaction) is null
                ? OpeningsOutcome.NotFound
                : OpeningsOutcome.ChangedSince;
        }

        var newer = connection.ExecuteScalar<long>("SELECT count(*) FROM openings_updates WHERE clinic_id = @clinicId AND id > @updateId AND reverted_at IS NULL",
            new { clinicId = found.ClinicId, updateId }, transaction);
        if (newer > 0 || ClinicQueries.ById(connection, transaction, found.ClinicId) is not { } clinic || clinic.Openings != OpeningsUpdate.Read(found.AfterJson))
        {
            // Rolled back: the update stays as it was, not reverted.
            return OpeningsOutcome.ChangedSince;
        }

        var before = OpeningsUpdate.Read(found.BeforeJson);
        ClinicQueries.SetOpenings(connection, transaction, clinic.Id, before);
        connection.Execute(
            "INSERT INTO openings_updates (clinic_id, user_id, source, before_json, after_json, at, reverted_by, reverted_at) VALUES (@clinicId, @moderatorId, @source, @before, @after, @now, @moderatorId, @now)",
            new { clinicId = clinic.Id, moderatorId, source = OpeningsSource.Moderator, before = found.AfterJson, after = found.BeforeJson, now = Now }, transaction);
        audit.Record(moderatorId, "openings-reverted", clinic.Id, $"update {updateId}: back to {Describe(before)}", connection, transaction);
        transaction.Commit();
        index.Nudge();
        return OpeningsOutcome.Saved;
    }

    /// <summary>The newest updates, for moderators.</summary>
    public IReadOnlyList<OpeningsUpdate> Recent(int limit = 100)
    {
        using var connection = db.Open();
        return connection.Query<OpeningsUpdate>(
            """
            SELECT u.id, u.clinic_id, c.name AS clinic_name, c.slug, a.email, u.source, u.before_json, u.after_json, u.at, u.reverted_at
            FROM openings_updates u JOIN clinics c ON c.id = u.clinic_id LEFT JOIN users a ON a.id = u.user_id
            ORDER BY u.id DESC LIMIT @limit
            """, new { limit }).ToList();
    }

    private static string Describe(Openings o) => o.Status switch
    {
        OpeningStatus.NextStart => $"next start {o.NextStart:yyyy-MM-dd}",
        OpeningStatus.Waitlist => o.WaitWeeks is { } weeks ? $"waiting list about {weeks} weeks" : "waiting list",
        var status => status,
    };
}
