using System.Buffers.Binary;
using System.Net.Sockets;
using System.Net;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// ICMP echo round trips from inside one namespace to a few targets, every interval, on one ICMP datagram socket
/// made inside that namespace (the kernel fills in the identifier and the checksum and hands this socket only its
/// own replies; no ping process, no raw socket).
/// <para>A sender thread and a receiver thread of its own, both blocking: a thread parked in recvfrom wakes within
/// microseconds of the reply, where an async continuation would wait for a pool thread that the load keeps busy.
/// The send instant is read just before sendto, the reply instant right after recvfrom returns.</para>
/// </summary>
internal sealed class IcmpProbe : IAsyncDisposable
{
    // ICMP header (8) + 56 bytes of payload: the 64-byte echo iputils ping sends by default, so both see the same frame.
    private const int PacketBytes = 64;
    private const byte EchoRequest = 8;
    private const byte EchoReply = 0;

    private readonly Socket _socket;
    private readonly string _source;
    private readonly IReadOnlyList<ProbeTarget> _targets;
    private readonly ProbeClock _clock;
    private readonly Dictionary<uint, (ProbeTarget Target, long SentTicks)> _pending = [];
    private readonly List<ProbeSample> _samples = [];
    private readonly Lock _gate = new();
    private Thread? _sender;
    private Thread? _receiver;
    private volatile bool _stopSending;
    private volatile bool _stopReceiving;

    private IcmpProbe(Socket socket, string source, IReadOnlyList<ProbeTarget> targets, ProbeClock clock)
    {
        _socket = socket;
        _source = source;
        _targets = targets;
        _clock = clock;
    }

    /// <summary>Opens the socket inside <paramref name="ns"/> (allowing ping sockets there first).</summary>
    public static async Task<IcmpProbe> OpenAsync(string ns, IReadOnlyList<ProbeTarget> targets, ProbeClock clock)
    {
        var socket = await NetworkNamespace.RunInsideAsync(ns, () =>
        {
            PingGroupRange.AllowEveryone();
            var icmp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Icmp);
            // Bound before the receiver starts: .NET refuses recvfrom on an unbound socket; port 0 lets the kernel
            // pick the echo identifier.
            icmp.Bind(new IPEndPoint(IPAddress.Any, 0));
            return icmp;
        }).ConfigureAwait(false);
        // Short, so the receiver notices the stop flag soon after the last reply is due.
        socket.ReceiveTimeout = 100;
        return new IcmpProbe(socket, ns, targets, clock);
    }

    public void Start(TimeSpan interval)
    {
        _receiver = new Thread(() => Guard(Receive)) { IsBackground = true, Name = $"icmp rx {_source}" };
        _sender = new Thread(() => Guard(() => Send(interval))) { IsBackground = true, Name = $"icmp tx {_source}" };
        _receiver.Start();
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
        await Task.Run(() => _receiver?.Join()).ConfigureAwait(false);
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

        _socket.Dispose();
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
        var packet = new byte[PacketBytes];
        packet[0] = EchoRequest;
        uint number = 0;
        var next = ProbeClock.Ticks;
        var step = (long)(interval.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (!_stopSending)
        {
            foreach (var target in _targets)
            {
                number++;
                BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)number);
                BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), number);
                var endpoint = new IPEndPoint(target.Address, 0);
                var sent = ProbeClock.Ticks;
                lock (_gate)
                {
                    _pending[number] = (target, sent);
                }

                try
                {
                    _socket.SendTo(packet, endpoint);
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

    private void Receive()
    {
        var buffer = new byte[1500];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stopReceiving)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, ref from);
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
            if (length < 12 || buffer[0] != EchoReply)
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
}
