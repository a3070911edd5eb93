using IopFinder.Web.Options;

namespace IopFinder.Web.Mail;

/// <summary>How the site sends email, bound from the <c>Email</c> section.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary><c>pickup</c> writes .eml files to <see cref="PickupFolder"/>; <c>smtp</c> sends through a server.</summary>
    public string Mode { get; set; } = "pickup";

    /// <summary>Where pickup mode writes messages; relative paths resolve against the content root.</summary>
    public string PickupFolder { get; set; } = "data/mail";

    public string From { get; set; } = "IopFinder <no-reply@iopfinder.example.org>";

    /// <summary>The SMTP server; required in <c>smtp</c> mode (there is no default: most servers run no mail server of their own).</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>
    /// How the connection is encrypted: <c>auto</c> (implicit TLS on port 465, STARTTLS required on any other port
    /// but 25, where a relay may not offer it), <c>tls</c> (implicit TLS), <c>starttls</c> (STARTTLS, refused if the
    /// server lacks it) or <c>none</c> (a relay on the same machine).
    /// </summary>
    public string Security { get; set; } = "auto";

    /// <summary>The setting before <see cref="Security"/>: <c>true</c> still means STARTTLS required, so an older environment file keeps its TLS.</summary>
    public bool? EnableSsl { get; set; }

    /// <summary>How long one connection, command or reply may take before the attempt counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>How the outbox delivers: how often it looks for due mail, how it backs off, when it gives up.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    public MailKit.Security.SecureSocketOptions SocketOptions => Security.Trim().ToLowerInvariant() switch
    {
        "tls" => MailKit.Security.SecureSocketOptions.SslOnConnect,
        "starttls" => MailKit.Security.SecureSocketOptions.StartTls,
        "none" => MailKit.Security.SecureSocketOptions.None,
        _ when EnableSsl == true => MailKit.Security.SecureSocketOptions.StartTls,
        // Never a silent fall back to plain text where a login and one-time links travel: only port 25 may lack STARTTLS.
        _ => Port switch
        {
            465 => MailKit.Security.SecureSocketOptions.SslOnConnect,
            25 => MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable,
            _ => MailKit.Security.SecureSocketOptions.StartTls,
        },
    };

    /// <summary>
    /// Why these settings cannot deliver mail, as one sentence naming the setting to fix, or null. Read at
    /// start-up in Production: every approval and password reset promises an email, so a site that cannot
    /// send one must not start (an unwritable pickup folder once turned every approval into a 500).
    /// </summary>
    public string? DeliveryProblem(string contentRoot)
    {
        if (Mode == "smtp")
        {
            if (Security.Trim().ToLowerInvariant() is not ("auto" or "tls" or "starttls" or "none"))
            {
                return $"Email:Security is '{Security}'; set it to auto, tls, starttls or none.";
            }

            return string.IsNullOrWhiteSpace(Host) ? "Email:Mode is smtp but Email:Host is not set; set Email__Host (and Email__Port) to your mail server." : null;
        }

        if (Mode != "pickup")
        {
            return $"Email:Mode is '{Mode}'; set it to smtp (with Email:Host) or, for a test install, pickup.";
        }

        var folder = PathResolver.Resolve(contentRoot, PickupFolder);
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, ".write-test-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"Email:Mode is pickup but this process cannot write to the pickup folder {folder}; set Email__Mode=smtp with Email__Host, or Email__PickupFolder to a folder the service user can write.";
        }
    }
}

/// <summary>The outbox's pace, bound from <c>Email:Outbox</c>.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often each instance looks for mail that is due; mail written by this instance is sent at once.</summary>
    public double PollSeconds { get; set; } = 5;

    /// <summary>The wait after a first failed attempt; it doubles with each failure, up to an hour.</summary>
    public double RetrySeconds { get; set; } = 30;

    /// <summary>Attempts before a message counts as failed and waits for a moderator's retry (about a day at the defaults).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>
    /// How long an instance holds a message it is sending before another may take it over: longer than a
    /// send can take (<see cref="EmailOptions.TimeoutSeconds"/> for each step), so a message is sent twice only
    /// when its sender died mid-send.
    /// </summary>
    public double LeaseSeconds { get; set; } = 300;
}

/// <summary>The mail settings cannot deliver mail; the message names the setting to fix.</summary>
public sealed class MailSettingsException(string message) : Exception(message);
