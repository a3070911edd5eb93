using System.Net;
using System.Net.Sockets;

namespace IopFinder.Tests.Support;

/// <summary>
/// A mail server that accepts connections and never answers: a sender connected to it is stuck mid-send, the
/// moment a crash between the commit and the delivery is hardest to recover from.
/// </summary>
public sealed class SilentSmtpServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly List<TcpClient> _held = [];
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SilentSmtpServer()
    {
        Port = LoopbackPorts.Free();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port { get; }

    /// <summary>Completes when a sender has connected.</summary>
    public Task Connected => _connected.Task;

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                lock (_held)
                {
                    _held.Add(client);
                }

                _connected.TrySetResult();
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }
    }
}
