using System.Net.Sockets;
using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// TCP handshake times from inside one namespace to the download server's port: a new connection every interval,
/// timed from connect() to the socket becoming writable (SYN out, SYN-ACK back), then closed politely with no
/// request, so the server sees an empty connection. The loop runs on a thread that stays inside the namespace for
/// the whole probe, because every new socket must be born there. The socket takes the server address's family, so
/// an IPv6 download's server is probed over IPv6. A handshake that does not finish within
/// <see cref="Timeout"/> counts as lost.
/// </summary>
internal sealed class TcpConnectProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly string _ns;
    private readonly IPEndPoint _server;
    private readonly ProbeClock _clock;
    private volatile bool _stop;
    private Task<IReadOnlyList<ProbeSample>>? _running;

    public TcpConnectProbe(string ns, IPEndPoint server, ProbeClock clock)
    {
        _ns = ns;
        _server = server;
        _clock = clock;
    }

    public void Start(TimeSpan interval) => _running = NetworkNamespace.RunInsideAsync(_ns, () => Loop(interval));

    public async Task<IReadOnlyList<ProbeSample>> StopAsync()
    {
        _stop = true;
        return _running is null ? [] : await _running.ConfigureAwait(false);
    }

    private IReadOnlyList<ProbeSample> Loop(TimeSpan interval)
    {
        var samples = new List<ProbeSample>();
        var target = _server.ToString();
        while (!_stop)
        {
            var started = ProbeClock.Ticks;
            var rtt = Connect();
            samples.Add(new ProbeSample(ProbeKind.ForeignTcpConnect, _ns, target, _clock.SecondsAt(started), rtt));
            var wait = interval.TotalMilliseconds - ProbeClock.Milliseconds(started, ProbeClock.Ticks);
            if (wait > 0 && !_stop)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }
        }

        return samples;
    }

    /// <summary>The handshake time in ms, or null when it failed or timed out.</summary>
    private double? Connect()
    {
        using var socket = new Socket(_server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
        var sent = ProbeClock.Ticks;
        try
        {
            socket.Connect(_server);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // The handshake is under way; poll() below waits for it.
        }
        catch (SocketException)
        {
            return null;
        }

        var writable = socket.Poll(Timeout, SelectMode.SelectWrite);
        var done = ProbeClock.Ticks;
        return writable && (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)! == 0
            ? ProbeClock.Milliseconds(sent, done)
            : null;
    }
}
