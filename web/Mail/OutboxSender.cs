using IopFinder.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Mail;

/// <summary>
/// Delivers the outbox in the background on every instance: at once when this instance wrote mail, otherwise
/// every <see cref="OutboxOptions.PollSeconds"/>. A failing mail server only delays mail; a crash between a
/// commit and its send leaves the message waiting for the next pass, here or on another instance.
/// The log names a message by its number and kind, never its address or its link.
/// </summary>
public sealed class OutboxSender(
    Outbox outbox,
    IMailTransport transport,
    IOptions<EmailOptions> options,
    IEnumerable<ILetterPreparer> preparers,
    SiteMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
                if (clock.GetUtcNow() - _lastPrune > TimeSpan.FromHours(1))
                {
                    outbox.Prune();
                    _lastPrune = clock.GetUtcNow();
                }

                await outbox.WaitAsync(TimeSpan.FromSeconds(options.Value.Outbox.PollSeconds), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database was unreachable or busy: the mail waits in it, and the next pass tries again.
                logger.LogError(exception, "The outbox could not be read; trying again shortly");
                await Task.Delay(TimeSpan.FromSeconds(options.Value.Outbox.PollSeconds), stoppingToken);
            }
        }
    }

    /// <summary>
    /// One pass over the due messages in order, each claimed, sent and recorded. Safe to run at the same time on
    /// any number of instances or threads: each message is held by one of them. Returns how many were sent.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        var sent = 0;
        var after = 0L;
        while (!cancellationToken.IsCancellationRequested && outbox.Claim(after) is { } claimed)
        {
            after = claimed.Id;
            if (await DeliverAsync(claimed, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<bool> DeliverAsync(ClaimedMessage claimed, CancellationToken cancellationToken)
    {
        var message = claimed;
        if (message.Body is null)
        {
            if (preparers.FirstOrDefault(p => p.Kind == message.Kind) is not { } preparer)
            {
                Fail(message, $"Nothing can write a message of kind {message.Kind}.", permanent: true);
                return false;
            }

            if (outbox.Prepare(message, preparer) is not { } prepared)
            {
                return false;
            }

            message = prepared;
        }

        if (outbox.Unprotect(message.Body!) is not { } body)
        {
            Fail(message, "This site's Data Protection keys cannot read the message: the keys it was written with are gone.", permanent: true);
            return false;
        }

        var settings = options.Value;
        var started = clock.GetTimestamp();
        MimeKit.MimeMessage mime;
        try
        {
            mime = MailTransport.Compose(settings.From, message.Recipient, message.Subject, body, message.MessageId(MailDomain(settings.From)));
        }
        catch (MimeKit.ParseException exception)
        {
            // An address no retry will mend (Email:From, or a recipient only the older parser accepted).
            Fail(message, "The message could not be addressed: " + exception.Message, permanent: true);
            return false;
        }

        try
        {
            await transport.SendAsync(mime, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the claim runs out and the message goes on the next pass, here or elsewhere.
            throw;
        }
        catch (Exception exception)
        {
            Fail(message, exception.GetType().Name + ": " + exception.Message);
            return false;
        }
        finally
        {
            mime.Dispose();
        }

        metrics.MailSent(message.Kind, clock.GetElapsedTime(started));
        if (!outbox.MarkSent(message))
        {
            logger.LogWarning("Outbox message {Id} ({Kind}) was sent after its claim ran out; another instance may send it again", message.Id, message.Kind);
        }

        return true;
    }

    private void Fail(ClaimedMessage message, string error, bool permanent = false)
    {
        var retrying = outbox.MarkFailed(message, error, permanent);
        metrics.MailFailed(message.Kind, retrying);
        logger.LogWarning("Outbox message {Id} ({Kind}) was not sent on attempt {Attempt}: {Error}. {Next}",
            message.Id, message.Kind, message.Attempts, Outbox.Redact(error), retrying ? "It will be tried again." : "It waits for a moderator at /admin.");
    }

    /// <summary>The domain of the From address, so Message-Ids are the site's own.</summary>
    private static string MailDomain(string from) =>
        MimeKit.MailboxAddress.TryParse(from, out var address) && address.Domain is { Length: > 0 } domain ? domain : "iopfinder.invalid";
}
