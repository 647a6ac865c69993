using System.Globalization;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// tc shaping inside the router namespace, so deleting the namespace removes every qdisc.
/// <para>The shared downstream cap sits on the bridge's egress: everything the router forwards toward any client leaves
/// through the bridge device once, so one htb class there is an honest capacity shared by all clients (a qdisc per
/// client port could not be shared). netem hangs under that class (or at the root when there is no cap). A per-client
/// rate is a tbf on that client's bridge port, which is that client's own downstream.</para>
/// <para>The upstream cap is the same tree on the router's egress toward the server (its WAN side, the server link),
/// where an upload's queue builds: one htb class per client matched by <c>ip src</c>. It is independent of the
/// downstream one (each setter keeps the other's tree), and carries no netem: delay, jitter and loss stay downstream
/// only, so the upstream figures show the queue and nothing else.</para>
/// <para>Under a cap every client has its own htb class (a u32 filter on its address), guaranteed an equal share
/// and allowed to borrow the whole cap: htb then serves the clients round-robin, as a router with per-host fairness
/// does. One shared FIFO would leave the split to TCP's races, which the fairness figures would charge to the router.
/// </para>
/// <para>htb and tbf count whole frames (IP + 14-byte Ethernet header), so TCP goodput through a cap is about
/// 1448/1514 = 95.6 % of it at MTU 1500.</para>
/// Every setter replaces what it set before; null clears it.
/// </summary>
/// <param name="serverLink">The router's end of the router-server veth; null without one (uplink mode).</param>
internal sealed class Shaper(
    LabHost host, string routerNamespace, string bridge, string? serverLink,
    Func<IReadOnlyList<(System.Net.IPAddress Ipv4, IReadOnlyList<System.Net.IPAddress> Ipv6)>> clientAddresses)
{
    /// <summary>htb class minors of the clients start here (hex in tc's notation); 1:10 takes everything else.</summary>
    private const int FirstClientClass = 0x100;

    private readonly SemaphoreSlim _gate = new(1, 1);
    // Each shaped client port's rate in Mbit/s, as tc was told.
    private readonly Dictionary<string, double> _shapedPorts = new(StringComparer.Ordinal);
    private double? _downstreamMbps;
    private Impairment? _impairment;
    private bool _bridgeShaped;
    private int? _queuePackets;
    private double? _upstreamMbps;
    private int? _upstreamQueuePackets;
    private bool _upstreamAckPriority;
    private bool _serverLinkShaped;

    /// <summary>
    /// Every leaf queue under the cap holds this many full frames (a bfifo of N × 1514 bytes: forwarded GSO
    /// super-packets would make a packet-counted pfifo many times deeper); null keeps the default pfifos.
    /// </summary>
    public async Task SetQueueLimitAsync(int packets, CancellationToken cancellationToken)
    {
        _queuePackets = packets;
        if (_bridgeShaped)
        {
            await SetDownstreamAsync(_downstreamMbps, _impairment, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="SetQueueLimitAsync"/>, for the leaf queues under the upstream cap (now or later).</summary>
    public async Task SetUpstreamQueueLimitAsync(int packets, CancellationToken cancellationToken)
    {
        _upstreamQueuePackets = packets;
        if (_serverLinkShaped)
        {
            await SetUpstreamAsync(_upstreamMbps, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends pure TCP ACKs (a small segment with only the ACK flag: what a download sends back) ahead of the queues
    /// under the upstream cap, now or for a cap set later, as the classic ACK-prioritising shaper (Wondershaper) and
    /// many consumer routers do. Without it a client's download ACKs wait behind its own upload in its queue, and the
    /// download slows to what those delayed ACKs allow. Pings, SYNs and data stay in the queues, so the latency probes
    /// still measure them.
    /// </summary>
    public async Task SetUpstreamAckPriorityAsync(bool enabled, CancellationToken cancellationToken)
    {
        _upstreamAckPriority = enabled;
        if (_serverLinkShaped)
        {
            await SetUpstreamAsync(_upstreamMbps, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Caps the router's egress toward the server (the clients' uploads, and their downloads' ACKs) at
    /// <paramref name="mbps"/> of frames, fair per client; null removes the cap.
    /// </summary>
    public async Task SetUpstreamAsync(double? mbps, CancellationToken cancellationToken)
    {
        var link = serverLink ?? throw new InvalidOperationException(
            "This lab has no router-to-server link (uplink mode): the real router's upstream is under test, not shaped by the suite.");
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _upstreamMbps = mbps;
            var batch = new IpBatch();
            if (_serverLinkShaped)
            {
                batch.Add($"qdisc del dev {link} root");
            }

            if (mbps is { } rate)
            {
                AddCapTree(batch, link, "src", rate, null, _upstreamQueuePackets);
                if (_upstreamAckPriority)
                {
                    AddAckClass(batch, link, rate);
                }
            }

            if (batch.Count > 0)
            {
                var result = await host.RunAsync(batch.TcIn(routerNamespace), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    // A batch stops at its failing line: drop whatever half of the tree it built, so the state is known.
                    await host.RunAsync(new IpBatch().Add($"qdisc del dev {link} root").TcIn(routerNamespace, force: true),
                        cancellationToken).ConfigureAwait(false);
                    (_upstreamMbps, _serverLinkShaped) = (null, false);
                    result.EnsureSuccess();
                }
            }

            _serverLinkShaped = _upstreamMbps is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task SetDownstreamAsync(double? mbps, Impairment? impairment, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _downstreamMbps = mbps;
            _impairment = impairment is { IsNone: true } ? null : impairment;
            var batch = new IpBatch();
            if (_bridgeShaped)
            {
                batch.Add($"qdisc del dev {bridge} root");
            }

            if (_downstreamMbps is { } rate)
            {
                AddCapTree(batch, bridge, "dst", rate, _impairment, _queuePackets);
            }
            else if (_impairment is { } only)
            {
                batch.Add($"qdisc add dev {bridge} root handle 1: netem {only.NetemArguments} limit 10000");
            }

            if (batch.Count > 0)
            {
                var result = await host.RunAsync(batch.TcIn(routerNamespace), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    // A batch stops at its failing line: drop whatever half of the tree it built, so the state is known.
                    await host.RunAsync(new IpBatch().Add($"qdisc del dev {bridge} root").TcIn(routerNamespace, force: true),
                        cancellationToken).ConfigureAwait(false);
                    (_downstreamMbps, _impairment, _bridgeShaped) = (null, null, false);
                    if (impairment is not null && result.StandardError.Contains("qdisc kind is unknown", StringComparison.Ordinal))
                    {
                        throw new KernelFeatureMissingException(
                            "sch_netem",
                            "This kernel has no netem qdisc (sch_netem), so delay/jitter/loss cannot be injected; the " +
                            "downstream is left unshaped. Fix: `modprobe sch_netem` (Raspberry Pi OS and Debian kernels " +
                            "ship it as a module), or use a kernel built with CONFIG_NET_SCH_NETEM.");
                    }

                    result.EnsureSuccess();
                }
            }

            _bridgeShaped = _downstreamMbps is not null || _impairment is not null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public (double? DownstreamMbps, Impairment? Impairment) Downstream => (_downstreamMbps, _impairment);

    /// <summary>
    /// What is in force now, whoever set it (the lab's configuration at build, or a step since): the one place the
    /// verdicts and the report read shaping from. <paramref name="clientPorts"/> are the clients' bridge ports: the
    /// per-client rate is reported when every one of them carries the same rate.
    /// </summary>
    public LabShaping InForce(IReadOnlyCollection<string> clientPorts)
    {
        var rates = clientPorts.Select(p => _shapedPorts.TryGetValue(p, out var r) ? r : (double?)null).Distinct().ToArray();
        return new LabShaping(_downstreamMbps, rates is [{ } same] ? same : null, _queuePackets, _impairment)
        {
            UpstreamMbps = _upstreamMbps,
            UpstreamQueuePackets = _upstreamQueuePackets,
            UpstreamAckPriority = _upstreamAckPriority,
        };
    }

    /// <summary>Sets (or with null clears) the rate of each of <paramref name="ports"/> (clients' bridge ports).</summary>
    public async Task SetPortRateAsync(IEnumerable<string> ports, double? mbps, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var batch = new IpBatch();
            foreach (var port in ports)
            {
                if (mbps is { } rate)
                {
                    var bits = BitsPerSecond(rate);
                    batch.Add($"qdisc replace dev {port} root tbf rate {bits}bit burst {BurstBytes(bits)} latency 100ms");
                    _shapedPorts[port] = rate;
                }
                else if (_shapedPorts.Remove(port))
                {
                    batch.Add($"qdisc del dev {port} root");
                }
            }

            if (batch.Count > 0)
            {
                await host.ExecuteAsync(batch.TcIn(routerNamespace), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A cap of <paramref name="mbps"/> on <paramref name="device"/>'s egress with one class per client, matched on its
    /// address as the packets' <paramref name="direction"/> ("dst" toward the clients, "src" from them).
    /// </summary>
    private void AddCapTree(IpBatch batch, string device, string direction, double mbps, Impairment? impairment, int? queuePackets)
    {
        var bits = BitsPerSecond(mbps);
        var burst = BurstBytes(bits);
        // Explicit quantum: htb's default (rate / r2q) exceeds its limit at these rates and warns.
        var htb = $"rate {bits}bit ceil {bits}bit burst {burst} cburst {burst} quantum 60000";
        var clients = clientAddresses();
        var share = Math.Max(1, bits / (clients.Count + 1));
        // quantum of one full frame: round-robin packet by packet between the clients' classes.
        var child = $"rate {share}bit ceil {bits}bit burst {burst} cburst {burst} quantum 1514 prio 1";
        batch.Add($"qdisc add dev {device} root handle 1: htb default 10");
        batch.Add($"class add dev {device} parent 1: classid 1:1 htb {htb}");
        batch.Add($"class add dev {device} parent 1:1 classid 1:10 htb {child}");
        // A bridge has txqueuelen 0, so htb's implicit leaf would hold one packet; every leaf gets a real queue, on the
        // server link too, so both directions' queues are the suite's stated ones, not a device default.
        batch.Add(Leaf(device, "1:10", "10:", 1000, impairment, queuePackets));
        for (var i = 0; i < clients.Count; i++)
        {
            var minor = (FirstClientClass + i).ToString("x", CultureInfo.InvariantCulture);
            batch.Add($"class add dev {device} parent 1:1 classid 1:{minor} htb {child}");
            batch.Add(Leaf(device, $"1:{minor}", $"{minor}:", 200, impairment, queuePackets));
            batch.Add($"filter add dev {device} parent 1: protocol ip prio {ClientFilterPreference} u32 match ip {direction} {clients[i].Ipv4}/32 flowid 1:{minor}");
            foreach (var six in clients[i].Ipv6)
            {
                // The same class for the client's IPv6 addresses, link-local included (the router answers a probe of
                // its link-local address there): one device, one share, whichever family and address it speaks from.
                batch.Add($"filter add dev {device} parent 1: protocol ipv6 prio {Client6FilterPreference} u32 match ip6 {direction} {six}/128 flowid 1:{minor}");
            }
        }
    }

    /// <summary>
    /// A class served before the clients' ones (htb prio 0 against their 1), guaranteed a quarter of the cap (a
    /// 100 Mbit/s download's ACKs need about 2.5 Mbit/s of frames) and allowed to borrow all of it, fed by a u32 filter
    /// that is tried before the per-client ones (a lower preference): IPv4 without options, TCP, total length under 128 bytes (ACKs with
    /// timestamps and SACK blocks), flags exactly ACK.
    /// </summary>
    private static void AddAckClass(IpBatch batch, string device, double mbps)
    {
        var bits = BitsPerSecond(mbps);
        var burst = BurstBytes(bits);
        batch.Add($"class add dev {device} parent 1:1 classid 1:{AckClass} htb rate {Math.Max(1, bits / 4)}bit ceil {bits}bit burst {burst} cburst {burst} quantum 1514 prio 0");
        batch.Add($"qdisc add dev {device} parent 1:{AckClass} handle {AckClass}: pfifo limit 1000");
        batch.Add($"filter add dev {device} parent 1: protocol ip prio {AckFilterPreference} u32 match u8 0x45 0xff at 0 match ip protocol 6 0xff " +
            $"match u16 0x0000 0xff80 at 2 match u8 0x10 0xff at 33 flowid 1:{AckClass}");
        // IPv6: TCP right after the 40-byte header (no extension headers), payload under 128 bytes, flags exactly ACK.
        batch.Add($"filter add dev {device} parent 1: protocol ipv6 prio {Ack6FilterPreference} u32 match ip6 protocol 6 0xff " +
            $"match u16 0x0000 0xff80 at 4 match u8 0x10 0xff at 53 flowid 1:{AckClass}");
    }

    /// <summary>
    /// Filters are tried in preference order, and tc keeps one protocol per preference; 0 would mean "any" to tc. So the
    /// ACK filters (IPv4, IPv6) take 1 and 2, the clients' 3 (IPv4) and 4 (IPv6).
    /// </summary>
    private const int AckFilterPreference = 1;

    private const int Ack6FilterPreference = 2;

    private const int ClientFilterPreference = 3;

    private const int Client6FilterPreference = 4;

    /// <summary>The ACK class's minor (hex): below the clients' ones, apart from 1:10.</summary>
    private const string AckClass = "5";

    private static string Leaf(string device, string parent, string handle, int packets, Impairment? impairment, int? queuePackets) =>
        (impairment, queuePackets) switch
        {
            ({ } leaf, _) => $"qdisc add dev {device} parent {parent} handle {handle} netem {leaf.NetemArguments} limit 10000",
            (null, { } queue) => $"qdisc add dev {device} parent {parent} handle {handle} bfifo limit {(long)queue * FrameBytes}",
            _ => $"qdisc add dev {device} parent {parent} handle {handle} pfifo limit {packets}",
        };

    /// <summary>A full Ethernet frame at MTU 1500, as htb and the queue count it.</summary>
    public const int FrameBytes = 1514;

    private static long BitsPerSecond(double mbps) => (long)Math.Round(mbps * 1_000_000, MidpointRounding.AwayFromZero);

    /// <summary>About 4 ms of traffic, at least 32 KiB: smaller bursts starve GSO-sized packets and undershoot the rate.</summary>
    private static string BurstBytes(long bits) =>
        Math.Max(bits / 8 / 250, 32 * 1024).ToString(CultureInfo.InvariantCulture);
}
