using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace IopFinder.Tests.Support;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd on a loopback port, writing each message it receives into
/// a Maildir the test reads back.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TempFolder _folder = new();
    private Process _server;

    public SmtpSink()
    {
        Port = LoopbackPorts.Free();
        _server = Launch();
    }

    /// <summary>Stops accepting mail, as a mail server that is down: connections to its port are refused.</summary>
    public void Stop()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }
    }

    /// <summary>Comes back on the same port, keeping what it received before.</summary>
    public void Start()
    {
        Stop();
        _server.Dispose();
        _server = Launch();
    }

    private Process Launch()
    {
        var server = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("Could not start aiosmtpd (apt-get install python3-aiosmtpd).");
        WaitForPort(server);
        return server;
    }

    public int Port { get; }

    public string Folder => _folder.Path;

    private string Maildir => Path.Combine(_folder.Path, "maildir");

    /// <summary>Every message received so far, quoted-printable soft breaks undone so links read whole.</summary>
    public IReadOnlyList<string> Messages =>
        Directory.Exists(Path.Combine(Maildir, "new"))
            ? Directory.GetFiles(Path.Combine(Maildir, "new")).Select(f => File.ReadAllText(f).Replace("=\r\n", "").Replace("=\n", "").Replace("=3D", "=")).ToList()
            : [];

    /// <summary>The messages to <paramref name="address"/> once one has arrived, or none after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<string>> MessagesToAsync(string address, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        IReadOnlyList<string> found;
        while ((found = Messages.Where(m => Regex.IsMatch(m, @"(?im)^To:.*\b" + Regex.Escape(address) + @"\b")).ToList()).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return found;
    }

    private void WaitForPort(Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException("aiosmtpd did not start listening: " + server.StandardError.ReadToEnd());
    }

    public void Dispose()
    {
        Stop();
        _server.Dispose();
        _folder.Dispose();
    }
}
