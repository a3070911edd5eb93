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

    public void Dispose() => _sink.Dispose();
}
