using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using IopFinder.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Mail;

/// <summary>One email to write to the outbox: what kind it is (for moderators and logs), to whom, and what it says.</summary>
public sealed record Letter(string Kind, string To, string Subject, string Body);

/// <summary>A message moderators see at <c>/admin</c>: retrying, or failed and waiting for them.</summary>
public sealed record UndeliveredMessage(long Id, string Kind, string Recipient, string Subject, string Status, long Attempts, string CreatedAt, string NextAttemptAt, string? LastError);

/// <summary>How far behind the outbox is, for <c>/healthz</c> and the metrics.</summary>
public sealed record OutboxState(int Unsent, int Failed, DateTimeOffset? OldestUnsent);

/// <summary>A message one sender holds while it sends it.</summary>
public sealed record ClaimedMessage(long Id, string Kind, string Recipient, string Subject, string? Body, long Attempts, string Claim, string CreatedAt)
{
    /// <summary>The same for every attempt at this message, so a copy sent again after a crash is recognisably the same message.</summary>
    public string MessageId(string domain) =>
        $"outbox.{Id}.{DateTimeOffset.Parse(CreatedAt, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()}@{domain}";
}

/// <summary>
/// Writes the body of a message whose content is decided only when it is sent (a password reset: whether the
/// address has an account, and its one-time link), in the sender's transaction. Null: send nothing.
/// </summary>
public interface ILetterPreparer
{
    string Kind { get; }

    Letter? Prepare(DbConnection connection, DbTransaction transaction, string recipient);
}

/// <summary>
/// The transactional outbox. Every message is written by <see cref="Add"/> inside the transaction of the decision
/// that causes it, so a decision and its message commit together or not at all; <see cref="OutboxSender"/> delivers
/// it later. Each step of a delivery (claim, prepare, sent, failed) is one write transaction conditional on the
/// claim still being this sender's, and write transactions run one at a time on both databases
/// (<see cref="DbTransactions.BeginWrite"/>), so of several instances exactly one holds a message at a time.
/// Bodies are protected with the site's Data Protection keys (they may carry a one-time link) and erased once sent.
/// </summary>
public sealed partial class Outbox(Db db, IDataProtectionProvider protection, TimeProvider clock, IOptions<EmailOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("IopFinder.Mail.Outbox.v1");
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Sent and dropped messages are deleted after this long; failed ones too, their links long expired.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private static string Stamp(DateTimeOffset moment) => moment.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private string Now => Stamp(clock.GetUtcNow());

    /// <summary>Writes a message in the caller's write transaction; it is sent once that transaction commits.</summary>
    public void Add(DbConnection connection, DbTransaction transaction, Letter letter)
    {
        connection.Execute(
            "INSERT INTO outbox (kind, recipient, subject, body, next_attempt_at, created_at) VALUES (@kind, @to, @subject, @body, @now, @now)",
            new { kind = letter.Kind, to = letter.To, subject = letter.Subject, body = _protector.Protect(letter.Body), now = Now }, transaction);
        // Safe before the commit: the sender's claim is a write transaction too, so it waits for this one to end
        // and then sees the message, or nothing if it was rolled back.
        Wake();
    }

    /// <summary>Writes a message whose body a <see cref="ILetterPreparer"/> of <paramref name="kind"/> writes when it is sent.</summary>
    public void AddToPrepare(DbConnection connection, DbTransaction transaction, string kind, string recipient)
    {
        connection.Execute(
            "INSERT INTO outbox (kind, recipient, subject, body, next_attempt_at, created_at) VALUES (@kind, @recipient, '', NULL, @now, @now)",
            new { kind, recipient, now = Now }, transaction);
        Wake();
    }

    /// <summary>Tells this instance's sender that mail is waiting, instead of its next look.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one wake-up covers every message written before it is taken.
        }
    }

    /// <summary>Waits until <see cref="Wake"/> or <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes the next due message after <paramref name="afterId"/> for one send attempt, or null.</summary>
    public ClaimedMessage? Claim(long afterId)
    {
        var claim = Guid.NewGuid().ToString("N");
        var now = clock.GetUtcNow();
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var message = connection.QuerySingleOrDefault<ClaimedMessage>(
            """
            UPDATE outbox SET claim = @claim, claimed_until = @until, attempts = attempts + 1
            WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND id > @afterId AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now) ORDER BY id LIMIT 1)
            RETURNING id, kind, recipient, subject, body, attempts, claim, created_at
            """,
            new { claim, until = Stamp(now + TimeSpan.FromSeconds(options.Value.Outbox.LeaseSeconds)), afterId, now = Stamp(now) }, transaction);
        transaction.Commit();
        return message;
    }

    /// <summary>
    /// Writes the body of a claimed message through its preparer, in one transaction with what the preparer
    /// decides (a reset token). Returns the message to send, or null when there is nothing to send (no account:
    /// the address is erased) or the claim was lost.
    /// </summary>
    public ClaimedMessage? Prepare(ClaimedMessage message, ILetterPreparer preparer)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var held = connection.ExecuteScalar<long?>("SELECT id FROM outbox WHERE id = @id AND claim = @claim AND body IS NULL", new { id = message.Id, claim = message.Claim }, transaction);
        if (held is null)
        {
            return null;
        }

        if (preparer.Prepare(connection, transaction, message.Recipient) is not { } letter)
        {
            connection.Execute(
                "UPDATE outbox SET status = 'dropped', recipient = '', claim = NULL, claimed_until = NULL, sent_at = @now WHERE id = @id",
                new { id = message.Id, now = Now }, transaction);
            transaction.Commit();
            return null;
        }

        var body = _protector.Protect(letter.Body);
        connection.Execute("UPDATE outbox SET subject = @subject, body = @body WHERE id = @id", new { subject = letter.Subject, body, id = message.Id }, transaction);
        transaction.Commit();
        return message with { Subject = letter.Subject, Body = body };
    }

    /// <summary>The readable body, or null when this site's keys cannot read it (they were replaced or lost).</summary>
    public string? Unprotect(string body)
    {
        try
        {
            return _protector.Unprotect(body);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Records a delivery: the body is erased. False when another sender had taken the message over (its lease ran out).</summary>
    public bool MarkSent(ClaimedMessage message)
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var changed = connection.Execute(
            "UPDATE outbox SET status = 'sent', body = NULL, sent_at = @now, claim = NULL, claimed_until = NULL, last_error = NULL WHERE id = @id AND claim = @claim",
            new { id = message.Id, claim = message.Claim, now = Now }, transaction);
        transaction.Commit();
        return changed == 1;
    }

    /// <summary>
    /// Records a failed attempt: the message waits twice as long as after the previous one (up to an hour), or,
    /// after the last attempt or when it can never be sent, counts as failed until a moderator retries it.
    /// Returns whether it will be tried again.
    /// </summary>
    public bool MarkFailed(ClaimedMessage message, string error, bool permanent = false)
    {
        var settings = options.Value.Outbox;
        var retry = !permanent && message.Attempts < settings.MaxAttempts;
        var wait = TimeSpan.FromSeconds(Math.Min(3600, settings.RetrySeconds * Math.Pow(2, Math.Max(0, message.Attempts - 1))));
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        connection.Execute(
            "UPDATE outbox SET status = @status, next_attempt_at = @next, claim = NULL, claimed_until = NULL, last_error = @error WHERE id = @id AND claim = @claim",
            new { status = retry ? "pending" : "failed", next = Stamp(clock.GetUtcNow() + wait), error = Redact(error), id = message.Id, claim = message.Claim }, transaction);
        transaction.Commit();
        return retry;
    }

    /// <summary>A moderator sends a retrying or failed message now, from its first attempt. False when it is not waiting (sent, or being sent).</summary>
    public bool Retry(long id, Action<DbConnection, DbTransaction> record)
    {
        var now = Now;
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var changed = connection.Execute(
            // attempts > 0: the state the moderator saw (it has failed); a retry resets it, so of two at once one applies.
            "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = @now WHERE id = @id AND status IN ('pending', 'failed') AND attempts > 0 AND (claimed_until IS NULL OR claimed_until <= @now)",
            new { id, now }, transaction);
        if (changed == 0)
        {
            return false;
        }

        record(connection, transaction);
        transaction.Commit();
        Wake();
        return true;
    }

    /// <summary>Messages that have failed at least once and are not yet sent, oldest first.</summary>
    public IReadOnlyList<UndeliveredMessage> Undelivered(int limit = 200)
    {
        using var connection = db.Open();
        return connection.Query<UndeliveredMessage>(
            "SELECT id, kind, recipient, subject, status, attempts, created_at, next_attempt_at, last_error FROM outbox WHERE (status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL)) ORDER BY id LIMIT @limit",
            new { limit }).ToList();
    }

    public OutboxState State()
    {
        using var connection = db.Open();
        var row = connection.QuerySingle<(long Unsent, string? Oldest, long Failed)>(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE status = 'pending'), (SELECT MIN(created_at) FROM outbox WHERE status = 'pending'), (SELECT COUNT(*) FROM outbox WHERE status = 'failed')");
        return new OutboxState((int)row.Unsent, (int)row.Failed,
            row.Oldest is null ? null : DateTimeOffset.Parse(row.Oldest, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    /// <summary>Deletes messages past <see cref="Retention"/> that will not be sent again. Returns how many.</summary>
    public int Prune()
    {
        using var connection = db.Open();
        using var transaction = connection.BeginWrite();
        var removed = connection.Execute("DELETE FROM outbox WHERE status IN ('sent', 'dropped', 'failed') AND created_at < @before",
            new { before = Stamp(clock.GetUtcNow() - Retention) }, transaction);
        transaction.Commit();
        return removed;
    }

    /// <summary>An error as moderators and logs may see it: no address, no link, one line.</summary>
    public static string Redact(string error)
    {
        var text = LinkPattern().Replace(AddressPattern().Replace(error, "[address]"), "[link]").ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..300];
    }

    [GeneratedRegex(@"[^\s<>""']+@[^\s<>""']+")]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex LinkPattern();
}
