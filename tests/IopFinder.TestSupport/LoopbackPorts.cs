using System.Net;
using System.Net.Sockets;

namespace IopFinder.Tests.Support;

/// <summary>
/// Ports for the servers tests start as processes (published sites, nginx, the SMTP sink). They are
/// chosen below the kernel's ephemeral range: a port the kernel hands out for "any free port" can be
/// taken a moment later as the local end of one of the hundreds of connections a test run opens
/// (to PostgreSQL, to other sites), and the server then fails to start with "address already in use".
/// </summary>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;

    private static readonly int EphemeralStart = ReadEphemeralStart();

    public static int Free()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(Lowest, EphemeralStart);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {Lowest} and {EphemeralStart}.");
    }

    private static int ReadEphemeralStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture) is var start && start > Lowest + 1_000 ? start : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
    }
}
