using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Dapper;
using IopFinder.Web.Clinics;
using IopFinder.Web.Data;
using IopFinder.Web.Infrastructure;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Portal;

/// <summary>The reminders' schedule, bound from the <c>Reminders</c> section.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    /// <summary>Whether the site runs the job itself (daily); the <c>send-reminders</c> verb runs it regardless.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Openings confirmed longer ago than this (or never) are due a reminder.</summary>
    public int OpeningsAfterDays { get; set; } = 7;

    /// <summary>A listing last verified longer ago than this (or never) is due a reminder.</summary>
    public int VerificationAfterDays { get; set; } = 90;

    /// <summary>At most one reminder per listing in this many days.</summary>
    public int IntervalDays { get; set; } = 7;

    /// <summary>How long a reminder's link works.</summary>
    public int LinkDays { get; set; } = 7;

    /// <summary>How often each instance asks whether today's run has been done (by it or another instance).</summary>
    public double CheckMinutes { get; set; } = 60;
}

/// <summary>Whether a reminder link may change its listing's openings, and if not, why.</summary>
public enum ReminderLink
{
    Valid,

    /// <summary>No such link, or a link for another listing: 404.</summary>
    Unknown,

    /// <summary>Already used once: 410.</summary>
    Used,

    /// <summary>Older than <see cref="ReminderOptions.LinkDays"/>: 410.</summary>
    Expired,

    /// <summary>Its person is no longer active staff of the listing (disabled, or removed): 410.</summary>
    Revoked,
}

/// <summary>What one run of the reminder job did.</summary>
public sealed record ReminderRun(bool Ran, int ListingsReminded, int Messages, TimeSpan Elapsed);

/// <summary>
/// Reminders that keep openings true: a claimed listing whose openings are a week old, or whose verification is
/// 90 days old, gets one email to its staff with a link that confirms or updates that listing's openings and
/// nothing else. Each listing's reminder is decided and written (the week's mark, the link, the emails in the
/// outbox) inside a write transaction (one per batch of listings), conditional on its previous reminder being a week old, so any number of
/// instances or cron runs send each listing at most one a week; the daily run itself is claimed in
/// <c>job_runs</c>, so it runs once a day across instances.
/// </summary>
public sealed class Reminders(Db db, PortalMail mail, OpeningsUpdates updates, OpeningsCalendar calendar, Audit audit, TimeProvider clock,
    IOptions<ReminderOptions> options, SiteMetrics metrics, ILogger<Reminders> logger)
{
    public const string JobName = "openings-reminders";

    private static string Stamp(DateTimeOffset moment) => moment.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Runs the job unless an instance already ran it in the last 23 hours.</summary>
    public ReminderRun RunIfDue()
    {
        var now = clock.GetUtcNow();
        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            var claimed = connection.Execute(
                """
                INSERT INTO job_runs (name, started_at) VALUES (@name, @now)
                ON CONFLICT (name) DO UPDATE SET started_at = @now, finished_at = NULL, outcome = NULL WHERE job_runs.started_at < @dayAgo
                """, new { name = JobName, now = Stamp(now), dayAgo = Stamp(now - TimeSpan.FromHours(23)) }, transaction);
            transaction.Commit();
            if (claimed == 0)
            {
                return new ReminderRun(false, 0, 0, TimeSpan.Zero);
            }
        }

        var run = Run();
        using (var connection = db.Open())
        using (var transaction = connection.BeginWrite())
        {
            connection.Execute("UPDATE job_runs SET finished_at = @now, outcome = @outcome WHERE name = @name",
                new { name = JobName, now = Stamp(clock.GetUtcNow()), outcome = $"{run.ListingsReminded} listings, {run.Messages} messages" }, transaction);
            transaction.Commit();
        }

        return run;
    }

    /// <summary>Writes every due reminder now (the <c>send-reminders</c> verb, and the daily run).</summary>
    public ReminderRun Run() => Remind(Due());

    /// <summary>The listings due a reminder now, as read at this moment.</summary>
    public IReadOnlyList<(long Id, string Name, string? OpeningsAsOf, string? LastVerified)> Due()
    {
        var settings = options.Value;
        var today = calendar.Today;
        using var connection = db.Open();
        return ClinicQueries.DueForReminder(connection, null, Day(today.AddDays(-settings.OpeningsAfterDays)),
            Day(today.AddDays(-settings.VerificationAfterDays)), Stamp(clock.GetUtcNow() - TimeSpan.FromDays(settings.IntervalDays)));
    }

    /// <summary>
    /// Writes the reminders of <paramref name="due"/>, each only if its listing is still due when its transaction runs:
    /// a list read before another instance reminded them sends nothing twice.
    /// </summary>
    public ReminderRun Remind(IReadOnlyList<(long Id, string Name, string? OpeningsAsOf, string? LastVerified)> due)
    {
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        var (listings, messages) = (0, 0);
        // A batch of listings a transaction: each listing is still decided on its own state inside it, and the
        // write lock is held for a few milliseconds at a time, not once per listing (100,000 listings: BENCHMARKS.md).
        foreach (var batch in due.Chunk(BatchSize))
        {
            using var connection = db.Open();
            using var transaction = connection.BeginWrite();
            foreach (var listing in batch)
            {
                var sent = Remind(connection, transaction, listing.Id, listing.Name, listing.OpeningsAsOf, listing.LastVerified, now);
                listings += sent > 0 ? 1 : 0;
                messages += sent;
            }

            transaction.Commit();
        }

        var run = new ReminderRun(true, listings, messages, clock.GetElapsedTime(started));
        metrics.RemindersRan(run.ListingsReminded, run.Elapsed);
        logger.LogInformation("Reminder job: {Listings} listings reminded, {Messages} messages, of {Due} due, in {Milliseconds} ms",
            run.ListingsReminded, run.Messages, due.Count, (long)run.Elapsed.TotalMilliseconds);
        return run;
    }

    private const int BatchSize = 50;

    /// <summary>
    /// One listing's reminder inside the batch's transaction: the week's mark, the link and the emails, or nothing when
    /// it was reminded meanwhile, is paused, or has no staff. Returns the emails written.
    /// </summary>
    private int Remind(DbConnection connection, DbTransaction transaction, long clinicId, string name, string? openingsAsOf, string? lastVerified, DateTimeOffset now)
    {
        var settings = options.Value;
        // Still active, claimed and due when this transaction runs: the list was read before it.
        if (ClinicQueries.ById(connection, transaction, clinicId) is not { Status: ListingStatus.Active, Claimed: true } current
            || !(string.CompareOrdinal(current.OpeningsAsOf ?? "", Day(calendar.Today.AddDays(-settings.OpeningsAfterDays))) < 0
                 || string.CompareOrdinal(current.LastVerified ?? "", Day(calendar.Today.AddDays(-settings.VerificationAfterDays))) < 0))
        {
            return 0;
        }

        // Nobody to tell, nothing is marked: the listing is reminded once someone is its staff.
        var staff = connection.Query<(long Id, string Email)>(
            "SELECT u.id, u.email FROM clinic_staff s JOIN users u ON u.id = s.user_id WHERE s.clinic_id = @clinicId AND u.disabled = 0 ORDER BY u.id",
            new { clinicId }, transaction).ToList();
        var marked = staff.Count == 0 ? 0 : connection.Execute(
            """
            INSERT INTO reminder_state (clinic_id, last_sent_at) VALUES (@clinicId, @now)
            ON CONFLICT (clinic_id) DO UPDATE SET last_sent_at = @now
            WHERE reminder_state.paused_at IS NULL AND (reminder_state.last_sent_at IS NULL OR reminder_state.last_sent_at < @sentBefore)
            """, new { clinicId, now = Stamp(now), sentBefore = Stamp(now - TimeSpan.FromDays(settings.IntervalDays)) }, transaction);
        if (marked == 0)
        {
            return 0;
        }

        var verificationDue = lastVerified is null || string.CompareOrdinal(lastVerified, Day(calendar.Today.AddDays(-settings.VerificationAfterDays))) < 0;
        foreach (var (userId, address) in staff)
        {
            // A link per person, so one works only while its person is active staff of the listing.
            var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            connection.Execute(
                "INSERT INTO reminder_links (clinic_id, user_id, token_hash, created_at, expires_at) VALUES (@clinicId, @userId, @hash, @now, @expires)",
                new { clinicId, userId, hash = Hash(token), now = Stamp(now), expires = Stamp(now + TimeSpan.FromDays(settings.LinkDays)) }, transaction);
            mail.OpeningsReminder(connection, transaction, address, clinicId, name, token, Openings.Date(openingsAsOf), verificationDue, settings.LinkDays);
        }

        audit.Record(null, "reminder-sent", clinicId, $"{staff.Count} staff", connection, transaction);
        return staff.Count;
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> may change listing <paramref name="clinicId"/>'s openings now.</summary>
    public ReminderLink Check(long clinicId, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return ReminderLink.Unknown;
        }

        using var connection = db.Open();
        return State(connection, null, clinicId, token);
    }

    private ReminderLink State(DbConnection connection, DbTransaction? transaction, long clinicId, string token)
    {
        var row = connection.QuerySingleOrDefault<(long ClinicId, string ExpiresAt, string? UsedAt, long ActiveStaff)?>(
            $"SELECT clinic_id, expires_at, used_at, (SELECT count(*) FROM {ActiveStaff}) AS active_staff FROM reminder_links l WHERE token_hash = @hash",
            new { hash = Hash(token) }, transaction);
        return row is not { } link || link.ClinicId != clinicId ? ReminderLink.Unknown
            : link.UsedAt is not null ? ReminderLink.Used
            : string.CompareOrdinal(link.ExpiresAt, Stamp(clock.GetUtcNow())) <= 0 ? ReminderLink.Expired
            : link.ActiveStaff == 0 ? ReminderLink.Revoked
            : ReminderLink.Valid;
    }

    /// <summary>The link's person, while active staff of its listing (the link's table is <c>l</c>).</summary>
    private const string ActiveStaff = "clinic_staff s JOIN users u ON u.id = s.user_id WHERE s.clinic_id = l.clinic_id AND s.user_id = l.user_id AND u.disabled = 0";

    /// <summary>
    /// Uses a reminder link once: in one transaction the link is marked used (only if it is still valid for this
    /// listing) and the openings are set as the clinic's. Nothing else can change through it, and nobody is signed in.
    /// </summary>
    public (ReminderLink Link, OpeningsOutcome Outcome, string? Problem) Use(long clinicId, string? token, string? status, DateOnly? nextStart, int? waitWeeks)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return (ReminderLink.Unknown, OpeningsOutcome.NotFound, null);
        }

        var today = calendar.Today;
        if (Openings.Problem(status, nextStart, waitWeeks, today, today) is { } problem)
        {
            return (Check(clinicId, token), OpeningsOutcome.Refused, problem);
        }

        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var used = connection.Execute(
            $"UPDATE reminder_links SET used_at = @now WHERE token_hash = @hash AND clinic_id = @clinicId AND used_at IS NULL AND expires_at > @now AND EXISTS (SELECT 1 FROM {ActiveStaff.Replace("l.", "reminder_links.", StringComparison.Ordinal)})",
            new { now = Stamp(clock.GetUtcNow()), hash = Hash(token), clinicId }, transaction);
        if (used == 0)
        {
            return (State(connection, transaction, clinicId, token), OpeningsOutcome.NotFound, null);
        }

        var outcome = updates.Apply(connection, transaction, clinicId, null, OpeningsSource.Clinic, status!, nextStart, waitWeeks, "from a reminder link");
        if (outcome != OpeningsOutcome.Saved)
        {
            return (ReminderLink.Valid, outcome, null);
        }

        transaction.Commit();
        updates.Published();
        return (ReminderLink.Valid, OpeningsOutcome.Saved, null);
    }

    public bool IsPaused(long clinicId)
    {
        using var connection = db.Open();
        return connection.ExecuteScalar<string?>("SELECT paused_at FROM reminder_state WHERE clinic_id = @clinicId", new { clinicId }) is not null;
    }

    /// <summary>Staff pause or resume their listing's reminders; audited.</summary>
    public void SetPaused(long clinicId, long userId, bool paused)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        connection.Execute(
            """
            INSERT INTO reminder_state (clinic_id, paused_at, paused_by) VALUES (@clinicId, @at, @by)
            ON CONFLICT (clinic_id) DO UPDATE SET paused_at = @at, paused_by = @by
            """, new { clinicId, at = paused ? Stamp(clock.GetUtcNow()) : null, by = paused ? (long?)userId : null }, transaction);
        audit.Record(userId, paused ? "reminders-paused" : "reminders-resumed", clinicId, "", connection, transaction);
        transaction.Commit();
    }
}

/// <summary>Runs the reminder job on every instance's schedule; the job itself runs once a day across them (<see cref="Reminders.RunIfDue"/>).</summary>
public sealed class ReminderJob(Reminders reminders, IOptions<ReminderOptions> options, ILogger<ReminderJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // A minute after start: the site serves first.
        await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                reminders.RunIfDue();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "The reminder job failed; it runs again at the next check");
            }

            await Task.Delay(TimeSpan.FromMinutes(Math.Max(1, options.Value.CheckMinutes)), stoppingToken);
        }
    }
}
