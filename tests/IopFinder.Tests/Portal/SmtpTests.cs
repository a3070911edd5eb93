using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IopFinder.Web.Portal;

namespace IopFinder.Tests.Portal;

/// <summary>
/// The SMTP path against a real server: Debian's aiosmtpd, listening on a loopback port and writing
/// each message it receives into a Maildir that the test reads back.
/// </summary>
[Trait(Postgres.DatabasesTrait, Postgres.ChoosesItsOwn)]
public sealed class SmtpTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Process _server;
    private readonly int _port;

    public SmtpTests()
    {
        _port = LoopbackPorts.Free();
        var maildir = Path.Combine(_folder.Path, "maildir");
        _server = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{_port}", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("Could not start aiosmtpd (apt-get install python3-aiosmtpd).");
        WaitForPort();
    }

    private void WaitForPort()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("aiosmtpd did not start listening: " + _server.StandardError.ReadToEnd());
    }

    [Fact]
    public async Task Mail_sent_over_smtp_arrives_with_its_subject_body_and_addresses()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new EmailOptions
        {
            Mode = "smtp",
            Host = "127.0.0.1",
            Port = _port,
            From = "IopFinder <no-reply@iopfinder.example.org>",
        });
        var sender = new EmailSender(options, new TestEnvironment(_folder.Path));

        await sender.SendAsync("dana@clinic.example.org", "Your invitation", "Choose a password here:\nhttps://iopfinder.test/portal/set-password?token=abc123\n");

        var files = Directory.GetFiles(Path.Combine(_folder.Path, "maildir", "new"));
        var message = File.ReadAllText(Assert.Single(files)).Replace("=\r\n", "").Replace("=\n", "").Replace("=3D", "=");
        Assert.Contains("To: dana@clinic.example.org", message);
        Assert.Contains("no-reply@iopfinder.example.org", message);
        Assert.Contains("Subject: Your invitation", message);
        Assert.Contains("set-password?token=abc123", message);
    }

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }

        _server.Dispose();
        _folder.Dispose();
    }
}
