using IopFinder.Web.Options;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IopFinder.Web.Mail;

/// <summary>Hands one finished message to the mail system. Only the outbox's sender calls it.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Sends through SMTP with MailKit (implicit TLS or STARTTLS, authentication, timeouts) or, in pickup mode,
/// writes RFC 822 files a developer can open. Both send the same <see cref="MimeMessage"/>, so what tests read
/// from a pickup folder is what SMTP sends.
/// </summary>
public sealed class MailTransport(IOptions<EmailOptions> options, IHostEnvironment environment) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Mode == "smtp")
        {
            using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(settings.TimeoutSeconds).TotalMilliseconds };
            await client.ConnectAsync(settings.Host, settings.Port, settings.SocketOptions, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return;
        }

        var folder = PathResolver.Resolve(environment.ContentRootPath, settings.PickupFolder);
        Directory.CreateDirectory(folder);
        // Named after the Message-Id, and moved into place whole: a message sent again after a crash replaces
        // its first copy rather than adding a second, and nobody reads half a file.
        var name = Path.Combine(folder, string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars())) + ".eml");
        var partial = Path.Combine(folder, "." + Guid.NewGuid().ToString("N") + ".tmp");
        await message.WriteToAsync(partial, cancellationToken);
        File.Move(partial, name, overwrite: true);
    }

    /// <summary>A plain-text UTF-8 message; the Message-Id is fixed by the outbox row, so a resend is recognisably the same message.</summary>
    public static MimeMessage Compose(string from, string to, string subject, string body, string messageId)
    {
        var message = new MimeMessage { Subject = subject, MessageId = messageId };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart(MimeKit.Text.TextFormat.Plain)
        {
            Text = body,
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };
        return message;
    }
}
