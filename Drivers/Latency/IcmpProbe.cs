using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// ICMP echo round trips from inside one namespace to a few targets, every interval, on ICMP datagram sockets made
/// inside that namespace: one for the IPv4 targets (ICMP) and one for the IPv6 targets (ICMPv6), so a dual-stack
/// client probes an IPv4 gateway and an IPv6 server alike. The kernel fills in the identifier and the checksum and
/// hands each socket only its own replies; no ping process, no raw socket.
/// <para>A sender thread, and a receiver thread per socket, all blocking: a thread parked in recvfrom wakes within
/// microseconds of the reply, where an async continuation would wait for a pool thread that the load keeps busy.
/// The send instant is read just before sendto, the reply instant right after recvfrom returns.</para>
/// </summary>
internal sealed class IcmpProbe : IAsyncDisposable
{
    // ICMP header (8) + 56 bytes of payload: the 64-byte echo iputils ping (-4 or -6) sends by default, so both see
    // the same frame.
    private const int PacketBytes = 64;

    private readonly IReadOnlyList<EchoSocket> _sockets;
    private readonly string _source;
    private readonly IReadOnlyList<(ProbeTarget Target, EchoSocket Socket)> _targets;
    private readonly ProbeClock _clock;
    private readonly Dictionary<uint, (ProbeTarget Target, long SentTicks)> _pending = [];
    private readonly List<ProbeSample> _samples = [];
    private readonly Lock _gate = new();
    private readonly List<Thread> _receivers = [];
    private Thread? _sender;
    private volatile bool _stopSending;
    private volatile bool _stopReceiving;

    private IcmpProbe(IReadOnlyList<EchoSocket> sockets, string source, IReadOnlyList<ProbeTarget> targets, ProbeClock clock)
    {
        _sockets = sockets;
        _source = source;
        _targets = [.. targets.Select(t => (t, sockets.Single(s => s.Echo.Family == t.Address.AddressFamily)))];
        _clock = clock;
    }

    /// <summary>
    /// Opens a socket per address family among <paramref name="targets"/> inside <paramref name="ns"/> (allowing ping
    /// sockets there first: <c>net.ipv4.ping_group_range</c> governs ICMPv6 ping sockets too).
    /// </summary>
    public static async Task<IcmpProbe> OpenAsync(string ns, IReadOnlyList<ProbeTarget> targets, ProbeClock clock)
    {
        var echoes = targets.Select(t => EchoProtocol.For(t.Address)).Distinct().ToArray();
        var sockets = await NetworkNamespace.RunInsideAsync(ns, () =>
        {
            PingGroupRange.AllowEveryone();
            var opened = new List<EchoSocket>();
            try
            {
                foreach (var echo in echoes)
                {
                    opened.Add(new EchoSocket(echo, echo.Open(ns)));
                }
            }
            catch
            {
                opened.ForEach(s => s.Socket.Dispose());
                throw;
            }

            return opened;
        }).ConfigureAwait(false);
        return new IcmpProbe(sockets, ns, targets, clock);
    }

    public void Start(TimeSpan interval)
    {
        _receivers.AddRange(_sockets.Select(s =>
            new Thread(() => Guard(() => Receive(s))) { IsBackground = true, Name = $"{s.Echo.Name} rx {_source}" }));
        _sender = new Thread(() => Guard(() => Send(interval))) { IsBackground = true, Name = $"icmp tx {_source}" };
        _receivers.ForEach(r => r.Start());
        _sender.Start();
    }

    /// <summary>
    /// Stops sending, waits <paramref name="grace"/> for the last replies, and returns every probe: answered ones
    /// with their RTT, the rest as lost.
    /// </summary>
    public async Task<IReadOnlyList<ProbeSample>> StopAsync(TimeSpan grace)
    {
        _stopSending = true;
        await Task.Run(() => _sender?.Join()).ConfigureAwait(false);
        // Until every probe is answered or the grace is up: an idle tail answers in microseconds.
        var deadline = ProbeClock.Ticks + (long)(grace.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (ProbeClock.Ticks < deadline && Pending > 0)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }

        _stopReceiving = true;
        await Task.Run(() => _receivers.ForEach(r => r.Join())).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var (_, (target, sent)) in _pending)
            {
                _samples.Add(new ProbeSample(target.Kind, _source, target.Address.ToString(), _clock.SecondsAt(sent), null));
            }

            _pending.Clear();
            return [.. _samples.OrderBy(s => s.SentSeconds)];
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopReceiving)
        {
            await StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        }

        foreach (var socket in _sockets)
        {
            socket.Socket.Dispose();
        }
    }

    private int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>True once a target of <paramref name="kind"/> has answered a probe (e.g. to wait until a path is up).</summary>
    public bool Answered(ProbeKind kind)
    {
        lock (_gate)
        {
            return _samples.Any(s => s.Kind == kind);
        }
    }

    /// <summary>The first unexpected error of either thread; the probes it never sent or matched count as lost.</summary>
    public Exception? Failure { get; private set; }

    // An exception escaping a thread would end the whole test host, so it is kept and reported instead.
    private void Guard(Action body)
    {
        try
        {
            body();
        }
        catch (Exception e)
        {
            Failure ??= e;
        }
    }

    private void Send(TimeSpan interval)
    {
        var packets = _sockets.ToDictionary(s => s, s => s.Echo.RequestPacket());
        var endpoints = _targets.Select(t => new IPEndPoint(t.Target.Address, 0)).ToArray();
        uint number = 0;
        var next = ProbeClock.Ticks;
        var step = (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (!_stopSending)
        {
            for (var i = 0; i < _targets.Count; i++)
            {
                var (target, socket) = _targets[i];
                var packet = packets[socket];
                number++;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)number);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), number);
                var sent = ProbeClock.Ticks;
                lock (_gate)
                {
                    _pending[number] = (target, sent);
                }

                try
                {
                    socket.Socket.SendTo(packet, endpoints[i]);
                }
                catch (SocketException)
                {
                    // No route or a full buffer: the probe stays pending and counts as lost, which is what it was.
                }
            }

            // A fixed schedule, not sleep-after-work, so a slow send does not stretch the interval.
            next += step;
            var wait = ProbeClock.Milliseconds(ProbeClock.Ticks, next);
            if (wait > 0)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait));
            }
            else
            {
                next = ProbeClock.Ticks;
            }
        }
    }

    private void Receive(EchoSocket socket)
    {
        var buffer = new byte[1500];
        EndPoint from = new IPEndPoint(socket.Echo.Any, 0);
        while (!_stopReceiving)
        {
            int length;
            try
            {
                length = socket.Socket.ReceiveFrom(buffer, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var arrived = ProbeClock.Ticks;
            if (length < 12 || buffer[0] != socket.Echo.Reply)
            {
                continue;
            }

            var number = BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan(8));
            lock (_gate)
            {
                if (_pending.Remove(number, out var probe))
                {
                    _samples.Add(new ProbeSample(probe.Target.Kind, _source, probe.Target.Address.ToString(),
                        _clock.SecondsAt(probe.SentTicks), ProbeClock.Milliseconds(probe.SentTicks, arrived)));
                }
            }
        }
    }

    private sealed record EchoSocket(EchoProtocol Echo, Socket Socket);

    /// <summary>
    /// What ICMPv4 and ICMPv6 echo differ in on a ping socket: the family, the protocol and the type codes. Both
    /// sockets hand over the ICMP message without the IP header, so the sequence and payload sit at the same offsets.
    /// </summary>
    private sealed record EchoProtocol(string Name, AddressFamily Family, ProtocolType Protocol, byte Request, byte Reply, IPAddress Any)
    {
        private static readonly EchoProtocol V4 = new("icmp", AddressFamily.InterNetwork, ProtocolType.Icmp, 8, 0, IPAddress.Any);
        private static readonly EchoProtocol V6 = new("icmp6", AddressFamily.InterNetworkV6, ProtocolType.IcmpV6, 128, 129, IPAddress.IPv6Any);

        public static EchoProtocol For(IPAddress target) => target.AddressFamily switch
        {
            AddressFamily.InterNetwork => V4,
            AddressFamily.InterNetworkV6 => V6,
            _ => throw new ArgumentException($"The probe target {target} is neither IPv4 nor IPv6; give an IPv4 or IPv6 address.", nameof(target)),
        };

        public byte[] RequestPacket()
        {
            var packet = new byte[PacketBytes];
            packet[0] = Request;
            return packet;
        }

        /// <summary>Call on a thread inside <paramref name="ns"/>: the socket belongs to the namespace it is made in.</summary>
        public Socket Open(string ns)
        {
            Socket socket;
            try
            {
                socket = new Socket(Family, SocketType.Dgram, Protocol);
            }
            catch (SocketException e) when (Family == AddressFamily.InterNetworkV6)
            {
                throw new InvalidOperationException(
                    $"Could not open an ICMPv6 echo socket in namespace {ns} ({e.Message}); is IPv6 disabled in this kernel " +
                    "(ipv6.disable=1)? Enable IPv6, download over IPv4, or set Latency:Enabled=false.", e);
            }

            try
            {
                // Bound before the receiver starts: .NET refuses recvfrom on an unbound socket; port 0 lets the
                // kernel pick the echo identifier.
                socket.Bind(new IPEndPoint(Any, 0));
                // Short, so the receiver notices the stop flag soon after the last reply is due.
                socket.ReceiveTimeout = 100;
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }
}
