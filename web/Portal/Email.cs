using System.Net;
using System.Net.Mail;
using IopFinder.Web.Options;
using Microsoft.Extensions.Options;

namespace IopFinder.Web.Portal;

/// <summary>Sends a plain-text email.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sends through SMTP (System.Net.Mail) or, in pickup mode, writes RFC 822 files a developer can open.
/// Both use the same message building, so what tests read from a pickup folder is what SMTP sends.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, IHostEnvironment environment) : IEmailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var message = new MailMessage(MailAddress(settings.From), new MailAddress(to))
        {
            Subject = subject,
            Body = body,
            IsBodyHtml = false,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
            BodyTransferEncoding = System.Net.Mime.TransferEncoding.QuotedPrintable,
        };
        using var client = new SmtpClient();
        if (settings.Mode == "smtp")
        {
            client.Host = settings.Host;
            client.Port = settings.Port;
            client.EnableSsl = settings.EnableSsl;
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
            }
        }
        else
        {
            var folder = PathResolver.Resolve(environment.ContentRootPath, settings.PickupFolder);
            Directory.CreateDirectory(folder);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = folder;
        }

        await client.SendMailAsync(message, cancellationToken);
    }

    private static MailAddress MailAddress(string text) => new(text);
}

/// <summary>
/// Mail sent after the response, for requests whose timing or errors must not say whether an account
/// exists (password resets): the page answers at once and the same way for every address, and a
/// failing mail server is logged, never shown. The queue is bounded; when it is full the oldest waiting
/// message is dropped and logged, so a flood of requests cannot grow memory.
/// </summary>
public sealed class OutgoingMail(IEmailSender sender, ILogger<OutgoingMail> logger) : BackgroundService
{
    private readonly System.Threading.Channels.Channel<(string To, string Subject, string Body)> _queue =
        System.Threading.Channels.Channel.CreateBounded<(string, string, string)>(new System.Threading.Channels.BoundedChannelOptions(500)
        {
            FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest,
        });

    public void Enqueue(string to, string subject, string body)
    {
        if (!_queue.Writer.TryWrite((to, subject, body)))
        {
            logger.LogWarning("Outgoing mail queue closed; a message was not sent");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (to, subject, body) in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(to, subject, body, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The address is not logged: the log must not become a list of who has an account.
                logger.LogError(exception, "Could not send a queued message ({Subject})", subject);
            }
        }
    }
}
