using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Places;

namespace IopFinder.Web.Portal;

/// <summary>One field of a proposed change: what the listing said, and what the clinic wants it to say.</summary>
public sealed record FieldChange(string From, string To);

/// <summary>What an approval did.</summary>
public enum ApprovalOutcome
{
    Approved,

    /// <summary>The moderator rejected it; nothing on the listing changed.</summary>
    Rejected,

    /// <summary>Another moderator decided it first; nothing changed.</summary>
    AlreadyDecided,

    /// <summary>The listing changed after the proposal was made; nothing changed, the proposal is still pending.</summary>
    ListingChangedSince,
}

/// <summary>A clinic's proposed change waiting for (or past) moderation.</summary>
public sealed class ProposedChange
{
    public long Id { get; set; }
    public long ClinicId { get; set; }
    public long UserId { get; set; }

    /// <summary>The listing's row version the change was made from; null for changes made before versions existed.</summary>
    public long? BaseRowVersion { get; set; }
    public string ChangesJson { get; set; } = "{}";
    public string Status { get; set; } = "pending";
    public string? Note { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? Email { get; set; }
    public string? ClinicName { get; set; }

    public Dictionary<string, FieldChange> Changes => JsonSerializer.Deserialize<Dictionary<string, FieldChange>>(ChangesJson) ?? [];
}

/// <summary>
/// Who may edit which listing, and the path of an edit: proposed by clinic staff, stored as a diff,
/// applied in one transaction only when a moderator approves. Moderation-only fields (status,
/// claimed, source, verification) are not editable here at all.
/// </summary>
public sealed class ListingEdits(Db db, ClinicQueries queries, ClinicIndex index, PlaceDirectory places, Audit audit, PortalMail mail, TimeProvider clock)
{
    private string Today => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private string Now => clock.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public bool IsStaff(long userId, long clinicId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<int>("SELECT count(*) FROM clinic_staff WHERE user_id = @userId AND clinic_id = @clinicId", new { userId, clinicId }) > 0;
    }

    /// <summary>The people who keep this listing current.</summary>
    public IReadOnlySet<long> StaffOf(long clinicId)
    {
        using var connection = db.Open();
        return connection.Query<long>("SELECT user_id FROM clinic_staff WHERE clinic_id = @clinicId", new { clinicId }).ToHashSet();
    }

    /// <summary>Links a person to a listing and marks the listing claimed.</summary>
    public void AddStaff(long userId, long clinicId, long? byUserId)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        AddStaff(connection, transaction, userId, clinicId, byUserId);
        transaction.Commit();
        index.Nudge();
    }

    /// <summary>Links a person to a listing inside the caller's transaction; the caller nudges the directory after committing.</summary>
    public void AddStaff(DbConnection connection, DbTransaction transaction, long userId, long clinicId, long? byUserId)
    {
        connection.Execute("INSERT INTO clinic_staff (user_id, clinic_id, added_at) VALUES (@userId, @clinicId, @now) ON CONFLICT DO NOTHING", new { userId, clinicId, now = Now }, transaction);
        ClinicQueries.MarkClaimed(connection, transaction, clinicId);
        audit.Record(byUserId, "staff-added", clinicId, $"user {userId}", connection, transaction);
    }

    /// <summary>Asks the directory to pick up a change this process committed.</summary>
    public void ListingsChanged() => index.Nudge();

    /// <summary>
    /// Applies the posted values to a copy of the listing and returns the differences, or the
    /// validation problems, and the optional fields it repaired the way imports do (a value that cannot
    /// be repaired is a problem here, not dropped: the person who typed it can correct it). Nothing is stored.
    /// </summary>
    public (Dictionary<string, FieldChange> Changes, Clinic Edited, List<string> Problems, List<FieldFix> Repairs) Diff(Clinic current, IReadOnlyDictionary<string, string?> posted)
    {
        var edited = queries.ById(current.Id)!;
        var problems = ListingForm.Apply(edited, posted);
        if (edited.Zip != current.Zip && places.Zip(edited.Zip) is { } place)
        {
            // A new ZIP moves the listing to that ZIP's centre until a moderator sets a precise point.
            edited.Latitude = place.Latitude;
            edited.Longitude = place.Longitude;
        }

        var fixes = new List<FieldFix>();
        if (ListingRules.Check(edited, fixes) is { } problem)
        {
            problems.Add(problem);
        }

        problems.AddRange(fixes.Where(f => f.Dropped).Select(f => f.Problem));

        var changes = ListingForm.Fields
            .Select(f => (Field: f, From: ListingValues.Get(current, f), To: ListingValues.Get(edited, f)))
            .Where(x => x.From != x.To)
            .ToDictionary(x => x.Field, x => new FieldChange(x.From, x.To));
        return (changes, edited, problems, fixes.Where(f => !f.Dropped).ToList());
    }

    /// <param name="baseRowVersion">The listing's row version the person saw when they made the change.</param>
    public long Propose(long userId, Clinic current, Dictionary<string, FieldChange> changes, long? baseRowVersion = null)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var id = connection.ExecuteScalar<long>(
            "INSERT INTO proposed_changes (clinic_id, user_id, base_updated_at, base_row_version, changes_json, created_at) VALUES (@clinicId, @userId, @baseUpdatedAt, @baseRowVersion, @json, @now) RETURNING id",
            new { clinicId = current.Id, userId, baseUpdatedAt = current.UpdatedAt, baseRowVersion = baseRowVersion ?? ClinicQueries.RowVersion(connection, transaction, current.Id), json = JsonSerializer.Serialize(changes), now = Now }, transaction);
        audit.Record(userId, "change-proposed", current.Id, $"change {id}: {string.Join(", ", changes.Keys)}", connection, transaction);
        transaction.Commit();
        return id;
    }

    public IReadOnlyList<ProposedChange> Changes(string? status = "pending", long? clinicId = null, long? id = null)
    {
        using var connection = db.Open();
        return connection.Query<ProposedChange>(
            """
            SELECT p.id, p.clinic_id, p.user_id, p.base_row_version, p.changes_json, p.status, p.note, p.created_at, u.email, c.name AS clinic_name
            FROM proposed_changes p JOIN users u ON u.id = p.user_id JOIN clinics c ON c.id = p.clinic_id
            WHERE (@status IS NULL OR p.status = @status) AND (@clinicId IS NULL OR p.clinic_id = @clinicId) AND (@id IS NULL OR p.id = @id)
            ORDER BY p.id
            """, new { status, clinicId, id }).ToList();
    }

    public ProposedChange? Change(long id) => Changes(null, id: id).SingleOrDefault();

    /// <summary>
    /// Approves a pending change and applies it, in one transaction that begins by claiming the change
    /// (pending → approved): of several moderators deciding at once, exactly one applies it and writes
    /// the audit entry; the others change nothing. A change made to an older version of the listing is
    /// applied only when the moderator saw the warning and chose <paramref name="applyToNewerListing"/>.
    /// </summary>
    public ApprovalOutcome Approve(long changeId, long moderatorId, string? note, bool applyToNewerListing = false)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var claimed = connection.QuerySingleOrDefault<(long ClinicId, string ChangesJson, long? BaseRowVersion, long UserId)?>(
            "UPDATE proposed_changes SET status = 'approved', note = @note, decided_by = @moderatorId, decided_at = @now WHERE id = @changeId AND status = 'pending' RETURNING clinic_id, changes_json, base_row_version, user_id",
            new { note, moderatorId, now = Now, changeId }, transaction);
        if (claimed is not { } decided
            || ClinicQueries.ById(connection, transaction, decided.ClinicId) is not { } clinic)
        {
            return ApprovalOutcome.AlreadyDecided;
        }

        if (!applyToNewerListing && decided.BaseRowVersion is { } seen && ClinicQueries.RowVersion(connection, transaction, clinic.Id) != seen)
        {
            // Rolled back: the change stays pending until a moderator decides with the warning in view.
            return ApprovalOutcome.ListingChangedSince;
        }

        var changes = new ProposedChange { ChangesJson = decided.ChangesJson }.Changes;
        foreach (var (field, value) in changes)
        {
            ListingValues.Set(clinic, field, value.To);
        }

        if (changes.ContainsKey("zip") && places.Zip(clinic.Zip) is { } place)
        {
            clinic.Latitude = place.Latitude;
            clinic.Longitude = place.Longitude;
        }

        clinic.UpdatedAt = Today;
        clinic.LastVerified = Today;
        ClinicQueries.Save(connection, transaction, [clinic]);
        ClinicQueries.MarkClinicUpdated(connection, transaction, clinic.Id, Today);
        audit.Record(moderatorId, "change-approved", clinic.Id, $"change {changeId}: {string.Join(", ", changes.Keys)}", connection, transaction);
        TellAuthor(connection, transaction, decided.UserId, clinic.Name, approved: true, note);
        transaction.Commit();
        index.Nudge();
        return ApprovalOutcome.Approved;
    }

    /// <summary>Whether the listing changed after this proposal was made (its row version moved on).</summary>
    public bool IsStale(ProposedChange change) => change.BaseRowVersion is { } seen && queries.RowVersion(change.ClinicId) != seen;

    /// <summary>Rejects a pending change: <see cref="ApprovalOutcome.Rejected"/>, or <see cref="ApprovalOutcome.AlreadyDecided"/> when another moderator decided first.</summary>
    public ApprovalOutcome Reject(long changeId, long moderatorId, string? note)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var decided = connection.QuerySingleOrDefault<(long ClinicId, long UserId)?>(
            "UPDATE proposed_changes SET status = 'rejected', note = @note, decided_by = @moderatorId, decided_at = @now WHERE id = @changeId AND status = 'pending' RETURNING clinic_id, user_id",
            new { note, moderatorId, now = Now, changeId }, transaction);
        if (decided is not { } rejected)
        {
            return ApprovalOutcome.AlreadyDecided;
        }

        audit.Record(moderatorId, "change-rejected", rejected.ClinicId, $"change {changeId}: {note}", connection, transaction);
        TellAuthor(connection, transaction, rejected.UserId, ClinicQueries.ById(connection, transaction, rejected.ClinicId)?.Name ?? "", approved: false, note);
        transaction.Commit();
        return ApprovalOutcome.Rejected;
    }

    /// <summary>Writes the author's email with the decision, when the author still has an account that can receive it.</summary>
    private void TellAuthor(DbConnection connection, DbTransaction transaction, long userId, string clinicName, bool approved, string? note)
    {
        if (connection.ExecuteScalar<string?>("SELECT email FROM users WHERE id = @userId AND disabled = 0", new { userId }, transaction) is { } address)
        {
            mail.ChangeDecided(connection, transaction, address, clinicName, approved, note);
        }
    }

    /// <summary>"Still accurate": refreshes the last-verified date without moderation.</summary>
    public void ConfirmAccurate(long userId, long clinicId)
    {
        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            ClinicQueries.MarkVerified(connection, transaction, clinicId, Today);
            audit.Record(userId, "confirmed-accurate", clinicId, "", connection, transaction);
            transaction.Commit();
        }

        index.Nudge();
    }
}
