using IopFinder.Web.Mail;

namespace IopFinder.Tests.Mail;

/// <summary>The SMTP path (MailKit) against a real server (<see cref="SmtpSink"/>).</summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SmtpTests : IDisposable
{
    private readonly SmtpSink _sink = new();

    [Fact]
    public async Task Mail_sent_over_smtp_arrives_with_its_subject_body_and_addresses()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new EmailOptions
        {
            Mode = "smtp",
            Host = "127.0.0.1",
            Port = _sink.Port,
            Security = "none",
            From = "IopFinder <no-reply@iopfinder.example.org>",
        });
        var transport = new MailTransport(options, new TestEnvironment(_sink.Folder));

        await transport.SendAsync(MailTransport.Compose(options.Value.From, "dana@clinic.example.org", "Your invitation",
            "Choose a password here:\nhttps://iopfinder.test/portal/set-password?token=abc123\n", "outbox.1.1@iopfinder.example.org"), CancellationToken.None);

        var message = Assert.Single(_sink.Messages);
        Assert.Contains("To: dana@clinic.example.org", message);
        Assert.Contains("no-reply@iopfinder.example.org", message);
        Assert.Contains("Subject: Your invitation", message);
        Assert.Contains("set-password?token=abc123", message);
    }

    [Fact]
    public async Task Auto_security_never_falls_back_to_plain_text_on_a_submission_port_and_the_old_setting_still_means_starttls()
    {
        var auto = new EmailOptions { Mode = "smtp", Host = "127.0.0.1", Port = _sink.Port };
        var transport = new MailTransport(Microsoft.Extensions.Options.Options.Create(auto), new TestEnvironment(_sink.Folder));

        await Assert.ThrowsAsync<NotSupportedException>(() => transport.SendAsync(MailTransport.Compose(auto.From, "dana@clinic.example.org", "Your invitation",
            "https://iopfinder.test/portal/set-password?token=abc123", "outbox.2.1@iopfinder.example.org"), CancellationToken.None));

        Assert.Empty(_sink.Messages);
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, auto.SocketOptions);
        Assert.Equal(MailKit.Security.SecureSocketOptions.SslOnConnect, new EmailOptions { Port = 465 }.SocketOptions);
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable, new EmailOptions { Port = 25 }.SocketOptions);
        Assert.Equal(MailKit.Security.SecureSocketOptions.StartTls, new EmailOptions { Port = 25, EnableSsl = true }.SocketOptions);
    }

    public void Dispose() => _sink.Dispose();
}
