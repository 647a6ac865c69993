using System.Diagnostics;
using System.Net;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Builds and destroys the lab: N client namespaces, each with a veth whose inside end is <c>eth0</c> and whose other
/// end is a port of a bridge in the router namespace.
/// <para>Embedded mode: the router namespace also holds the gateway address, IP forwarding and shaping, and a server
/// namespace hangs behind it on its own veth, so clients reach the server only through the router. Uplink mode: the
/// bridge enslaves a configured interface wired to a real router, which hands out addresses. Both use one code path;
/// nothing of the lab lives in the host's namespace (except, in uplink mode, the borrowed interface, returned on
/// teardown).</para>
/// <para>Link work goes through iproute2 batches: one `ip -batch -` in the root namespace, one `ip -n NS -batch -` per
/// namespace, run in parallel. Everything is registered for teardown the moment it exists.</para>
/// </summary>
public sealed class NamespaceLab : IAsyncDisposable
{
    private readonly LabHost _host;
    private readonly TeardownStack _teardown;
    private readonly Shaper _shaper;
    private readonly Ipv4Subnet? _serverSubnet;
    private readonly SemaphoreSlim _anchorGate = new(1, 1);

    // Cancelled by AbortAsync (a signal): the build stops at its next command, so teardown is not racing creation.
    private readonly CancellationTokenSource _abort = new();

    // Guards _building against a signal that arrives between LiveLabs.Add and the build's start: AbortAsync must either
    // see the build (and wait for it) or the build must see the abort (and not start).
    private readonly Lock _buildLock = new();
    private Task _building = Task.CompletedTask;

    private NamespaceLab(LabSettings settings, LabHost host, RunId runId, UplinkPort? uplink, UplinkAttach attach)
    {
        Settings = settings;
        UplinkBefore = uplink;
        Attach = attach;
        _host = host;
        Names = new LabNames(runId, settings.RunDirectory);
        _teardown = new TeardownStack(host.Warn);
        _shaper = new Shaper(host, Names.RouterNamespace, Names.Bridge,
            settings.Mode == LabMode.Embedded ? Names.ServerLink : null, () => [.. Clients.Select(c => (c.Address, c.Ipv6Addresses))]);
        if (settings.Mode == LabMode.Embedded)
        {
            _serverSubnet = Ipv4Subnet.Parse(settings.ServerSubnet);
            Ipv6Prefix = settings.Ipv6Addressing == Ipv6Addressing.None ? null : UlaPrefix.New();
            Server = new LabServerEndpoint(Names.ServerNamespace, _serverSubnet.Host(2), _serverSubnet.Host(1)) { Ipv6Address = Ipv6Prefix?.Server };
        }
    }

    /// <summary>Embedded mode with IPv6: the run's random ULA /48 the router advertises and routes; null otherwise.</summary>
    public UlaPrefix? Ipv6Prefix { get; }

    private Func<CancellationToken, Task>? _startDhcpServer;
    private BackgroundProcess? _dhcpServer;

    public LabSettings Settings { get; }

    /// <summary>Uplink mode: the host's port as it was before the lab touched it; null in embedded mode.</summary>
    public UplinkPort? UplinkBefore { get; }

    /// <summary>Uplink mode: how the clients were put on the router's LAN (Auto resolved); Bridge in embedded mode.</summary>
    public UplinkAttach Attach { get; }

    public LabNames Names { get; }

    public RunId RunId => Names.RunId;

    /// <summary>Holds the bridge (and in embedded mode the gateway, forwarding and shaping).</summary>
    public string RouterNamespace => Names.RouterNamespace;

    /// <summary>The embedded lab's server namespace and address; null in uplink mode (the URL comes from config).</summary>
    public LabServerEndpoint? Server { get; }

    public IReadOnlyList<LabClient> Clients { get; private set; } = [];

    /// <summary>The run's scratch folder (wget logs, the lab server's CA): removed at teardown, or by the reaper.</summary>
    public RunScratch Scratch { get; private set; } = null!;

    /// <summary>
    /// With <see cref="LabSettings.ProbeClient"/>: one more client that never downloads, for the latency probes' view
    /// of "another device on the network". Not in <see cref="Clients"/>, so no download, rate or per-client queue
    /// touches it; null without it.
    /// </summary>
    public LabClient? ProbeClient { get; private set; }

    /// <summary>Wall time of <see cref="StartAsync"/> from the first namespace to the last client being ready.</summary>
    public TimeSpan SetupTime { get; private set; }

    /// <summary>
    /// Validates, reaps dead runs' leftovers, then builds the lab. On failure everything built so far is torn down
    /// before the exception propagates.
    /// </summary>
    public static async Task<NamespaceLab> StartAsync(
        LabSettings settings, LabHost? host = null, RunId? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        host ??= new LabHost();
        await Preflight.CheckAsync(settings, host, cancellationToken).ConfigureAwait(false);
        UplinkPort? uplink = null;
        var attach = UplinkAttach.Bridge;
        if (settings.Mode == LabMode.Uplink)
        {
            uplink = await UplinkPort.InspectAsync(host, settings.UplinkInterface!, cancellationToken).ConfigureAwait(false)
                ?? throw new LabSetupException($"Lab:UplinkInterface '{settings.UplinkInterface}' vanished while the lab was starting; check `ip link`.");
            attach = uplink.Resolve(settings.UplinkAttach);
            if (attach == UplinkAttach.Macvlan && settings.PerClientMbps is not null)
            {
                throw new LabSetupException(MacvlanCapRefusal);
            }
        }

        var driver = new NamespaceLab(settings, host, runId ?? RunId.New(), uplink, attach);
        await new Reaper(host, settings.RunDirectory).ReapAsync(driver.RunId, cancellationToken).ConfigureAwait(false);
        LiveLabs.Add(driver);
        try
        {
            using var build = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, driver._abort.Token);
            lock (driver._buildLock)
            {
                driver._abort.Token.ThrowIfCancellationRequested();
                // Task.Run: _building is set before any of the build runs, so an abort from here on waits for all of it.
                driver._building = Task.Run(() => driver.BuildAsync(build.Token), CancellationToken.None);
            }

            await driver._building.ConfigureAwait(false);
        }
        catch
        {
            await driver.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return driver;
    }

    /// <summary>
    /// Hands a resource (e.g. the download server listening in <see cref="Server"/>'s namespace) to the lab: it is
    /// disposed at teardown, before the namespaces it lives in.
    /// </summary>
    public T RegisterForTeardown<T>(T resource) where T : IAsyncDisposable => _teardown.Push(resource);

    /// <summary>The thread parked in the router namespace for its counters; null until <see cref="WatchRouterCountersAsync"/>.</summary>
    public NamespaceAnchor? RouterAnchor { get; private set; }

    /// <summary>
    /// The router namespace's counters as health-monitor sources, one per role so the series' columns say what they
    /// are: <c>clients</c> is the bridge (its tx is every client's downstream together, the link the shaper caps),
    /// <c>server</c> the router's end of the server link (embedded) or <c>uplink</c> the real router's port (uplink).
    /// The first call parks a <see cref="NamespaceAnchor"/> in the router namespace, torn down with the lab before the
    /// namespace goes; later calls reuse it.
    /// </summary>
    public async Task<IReadOnlyList<NetworkCounterSource>> WatchRouterCountersAsync(CancellationToken cancellationToken = default)
    {
        await _anchorGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (RouterAnchor is null)
            {
                // Pushed the moment it exists, so it is released before the namespace group deletes its namespace.
                RouterAnchor = _teardown.Push(await NamespaceAnchor.EnterAsync(RouterNamespace, _host.NetnsDirectory).ConfigureAwait(false));
            }
        }
        finally
        {
            _anchorGate.Release();
        }

        var path = RouterAnchor.NetDevPath;
        if (Macvlan)
        {
            // The port never leaves the host's namespace, and there is no bridge: the clients' traffic is the port's.
            return [new NetworkCounterSource("uplink", "/proc/net/dev", [Settings.UplinkInterface!]) { CarrierDirectory = "/sys/class/net" }];
        }

        return
        [
            new NetworkCounterSource("clients", path, [Names.Bridge]),
            Settings.Mode == LabMode.Embedded
                ? new NetworkCounterSource("server", path, [Names.ServerLink])
                : new NetworkCounterSource("uplink", path, [Settings.UplinkInterface!]),
        ];
    }

    /// <summary>A command to run inside <paramref name="ns"/> (a client's, the server's), as root.</summary>
    public Command InNamespace(string ns, Command command) => _host.InNamespace(ns, command);

    /// <summary>The shaping in force, as the shaper applied it: configured at build or set since, one truth for both.</summary>
    public LabShaping Shaping => _shaper.InForce([.. Clients.Select(c => c.HostLink)]);

    /// <summary>Caps the router's total downstream (all clients share it); null removes the cap.</summary>
    public Task SetDownstreamRateAsync(double? mbps, CancellationToken cancellationToken = default)
    {
        RequireEmbedded("a shared downstream rate");
        RequirePositive(mbps);
        return _shaper.SetDownstreamAsync(mbps, _shaper.Downstream.Impairment, cancellationToken);
    }

    /// <summary>
    /// Sets how many full frames each of the router's downstream queues (the leaves under the shared cap) holds, for
    /// the cap set now or later: a deep queue shows bufferbloat, a short one its cure.
    /// </summary>
    public Task SetQueueLimitAsync(int packets, CancellationToken cancellationToken = default)
    {
        RequireEmbeddedQueue("downstream");
        RequireQueueLength(packets);
        return _shaper.SetQueueLimitAsync(packets, cancellationToken);
    }

    private void RequireEmbeddedQueue(string direction)
    {
        if (Settings.Mode != LabMode.Embedded)
        {
            throw new InvalidOperationException(
                $"The router's {direction} queue length can only be set on the embedded router; in Uplink mode the real " +
                "router's own queues are under test (set them in its firmware), so this step does not apply there.");
        }
    }

    private static void RequireQueueLength(int packets)
    {
        if (packets is < 1 or > LabSettings.MaxQueuePackets)
        {
            throw new ArgumentOutOfRangeException(nameof(packets), packets,
                $"A router queue of {packets} packets is not possible here; use 1 to {LabSettings.MaxQueuePackets} full frames (e.g. 1000 for a deep queue, 50 for a short one).");
        }
    }

    /// <summary>
    /// Caps the router's upstream (its egress toward the server: the clients' uploads, and their downloads' ACKs), shared
    /// by all clients with per-client fair queues; null removes the cap. The downstream's shaping is left as it is.
    /// </summary>
    public Task SetUpstreamRateAsync(double? mbps, CancellationToken cancellationToken = default)
    {
        RequireEmbedded("a shared upstream rate");
        RequirePositive(mbps);
        return _shaper.SetUpstreamAsync(mbps, cancellationToken);
    }

    /// <summary>
    /// Sets how many full frames each of the router's upstream queues (the leaves under the upstream cap) holds, for the
    /// cap set now or later: most ISP routers' deep upstream FIFO, or a short one.
    /// </summary>
    public Task SetUpstreamQueueLimitAsync(int packets, CancellationToken cancellationToken = default)
    {
        RequireEmbeddedQueue("upstream");
        RequireQueueLength(packets);
        return _shaper.SetUpstreamQueueLimitAsync(packets, cancellationToken);
    }

    /// <summary>Sends pure TCP ACKs ahead of the router's upstream queues (for the cap set now or later), or stops it.</summary>
    public Task SetUpstreamAckPriorityAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        RequireEmbeddedQueue("upstream");
        return _shaper.SetUpstreamAckPriorityAsync(enabled, cancellationToken);
    }

    /// <summary>Adds delay, jitter and loss to the router's downstream; null removes them.</summary>
    public Task SetImpairmentAsync(Impairment? impairment, CancellationToken cancellationToken = default)
    {
        RequireEmbedded("delay/jitter/loss");
        return _shaper.SetDownstreamAsync(_shaper.Downstream.DownstreamMbps, impairment, cancellationToken);
    }

    /// <summary>Gives every client (or the given ones) its own downstream rate; null removes it.</summary>
    public Task SetClientRateAsync(double? mbps, IEnumerable<LabClient>? clients = null, CancellationToken cancellationToken = default)
    {
        if (Macvlan && mbps is not null)
        {
            throw new InvalidOperationException(MacvlanCapRefusal);
        }

        RequirePositive(mbps);
        return _shaper.SetPortRateAsync((clients ?? Clients).Select(c => c.HostLink), mbps, cancellationToken);
    }

    /// <summary>Removes all shaping and impairment.</summary>
    public async Task ClearShapingAsync(CancellationToken cancellationToken = default)
    {
        if (Settings.Mode == LabMode.Embedded)
        {
            await _shaper.SetDownstreamAsync(null, null, cancellationToken).ConfigureAwait(false);
            await _shaper.SetUpstreamAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await _shaper.SetPortRateAsync(Clients.Select(c => c.HostLink), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns the router's forwarding on or off, IPv6's too when the lab has it (off cuts clients from the server: a
    /// fault to inject).
    /// </summary>
    public Task SetForwardingAsync(bool enabled, CancellationToken cancellationToken = default)
    {
        RequireEmbedded("forwarding");
        var value = enabled ? 1 : 0;
        return _host.ExecuteAsync(_host.InNamespace(RouterNamespace, new Command("sysctl",
            ["-q", "-w", $"net.ipv4.ip_forward={value}", .. Ipv6Prefix is null ? Array.Empty<string>() : [$"net.ipv6.conf.all.forwarding={value}"]])),
            cancellationToken);
    }

    /// <summary>
    /// Takes the router's LAN side (the clients' bridge, gateway address on it) down or back up: what a router whose
    /// LAN port loses its link does to every client at once. Embedded lab only: a real router is not the suite's to break.
    /// </summary>
    public Task SetLanLinkAsync(bool up, CancellationToken cancellationToken = default)
    {
        if (Settings.Mode != LabMode.Embedded)
        {
            throw new InvalidOperationException(
                "The router's LAN link can only be taken down in the embedded lab; in Uplink mode the real router is under " +
                "test and the suite does not break it. Drop the fault step, or switch Lab:Mode to Embedded.");
        }

        return _host.ExecuteAsync(_host.InNamespace(RouterNamespace,
            new Command("ip", "link", "set", "dev", Names.Bridge, up ? "up" : "down")), cancellationToken);
    }

    /// <summary>True when the embedded router runs a DHCP server (clients that get their address by DHCP).</summary>
    public bool HasDhcpServer => _startDhcpServer is not null;

    /// <summary>Stops the embedded router's DHCP server (a restart's first half); its leases stay in its lease file.</summary>
    public async Task StopDhcpServerAsync()
    {
        var server = _dhcpServer ?? throw new InvalidOperationException(
            HasDhcpServer ? "The router's DHCP server is already stopped." : "The router runs no DHCP server in this lab: its clients have static addresses. Use \"N clients that get their address by DHCP\".");
        _dhcpServer = null;
        await server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the embedded router's DHCP server again as it was, after <see cref="StopDhcpServerAsync"/>.</summary>
    public Task StartDhcpServerAsync(CancellationToken cancellationToken = default) =>
        _dhcpServer is not null ? Task.CompletedTask
        : (_startDhcpServer ?? throw new InvalidOperationException("The router runs no DHCP server in this lab: its clients have static addresses."))(cancellationToken);

    /// <summary>Tears everything down in reverse order of creation. Idempotent; stragglers are warnings.</summary>
    public async Task TeardownAsync() => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        await _teardown.DisposeAsync().ConfigureAwait(false);
        LiveLabs.Remove(this);
    }

    /// <summary>
    /// For the exit and signal handlers: stops a build still in progress (its running command gets SIGTERM), waits
    /// for it to unwind (bounded by <paramref name="limit"/>), then tears everything down.
    /// </summary>
    internal async Task AbortAsync(TimeSpan limit)
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        Task building;
        lock (_buildLock)
        {
            building = _building;
        }

        try
        {
            await building.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or LabSetupException or CommandFailedException)
        {
            // The build was stopped on purpose, or failed on its own; either way teardown follows.
        }
        catch (Exception e)
        {
            _host.Warn($"the aborted build of run {RunId} ended with {e.GetType().Name}: {e.Message}; tearing down anyway.");
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    private async Task BuildAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        _teardown.Push(RunFileOwner.Create(Names));
        Scratch = _teardown.Push(RunScratch.Create(RunId));
        _teardown.Push(new NetnsEtcFolders.Owner(Names.Prefix));
        var namespaces = _teardown.Push(new NamespaceGroup(_host, _abort.Token));
        var embedded = Settings.Mode == LabMode.Embedded;
        var clientSubnet = embedded ? Ipv4Subnet.Parse(Settings.ClientSubnet) : null;
        var gateway = clientSubnet?.Host(1) ?? IPAddress.Any;
        var dhcp = Settings.EffectiveAddressing == LabAddressing.Dhcp;

        var clients = Enumerable.Range(1, Settings.Clients + (Settings.ProbeClient ? 1 : 0)).Select(n => new LabClient(
            n, Names.ClientNamespace(n), Names.HostLink(n),
            dhcp || clientSubnet is null ? IPAddress.Any : clientSubnet.Host(n + 1),
            clientSubnet?.PrefixLength ?? 0, gateway, null)).ToArray();

        var root = new IpBatch();
        var taken = clients.Select(c => c.Namespace).Append(RouterNamespace).Append(Names.ServerNamespace).Where(_host.NamespaceExists).ToArray();
        if (taken.Length > 0)
        {
            // Not ours to delete: the group below would otherwise adopt it and remove it at teardown.
            throw new LabSetupException(
                $"Namespace(s) {string.Join(' ', taken)} already exist, so run id {RunId} is in use. Start the lab " +
                "without a fixed run id, or remove the stale namespaces with `ip netns del NAME`.");
        }

        foreach (var ns in (string[])[RouterNamespace, .. embedded ? [Names.ServerNamespace] : Array.Empty<string>(), .. clients.Select(c => c.Namespace)])
        {
            namespaces.Add(ns);
            root.Add($"netns add {ns}");
        }

        if (!embedded && !Macvlan)
        {
            _teardown.Push(new UplinkOwner(_host, RouterNamespace, UplinkBefore!));
            root.Add($"link set dev {Settings.UplinkInterface} netns {RouterNamespace}");
        }

        await _host.ExecuteAsync(root.Ip(), cancellationToken).ConfigureAwait(false);
        var ipv6 = Settings.Ipv6Addressing != Ipv6Addressing.None;
        using var watch = ipv6 ? await Ipv6AddressWatch.OpenAsync([.. clients.Select(c => c.Namespace)]).ConfigureAwait(false) : null;
        if (Ipv6Prefix is not null)
        {
            // Before the bridge exists, so its link-local address (the advertisements' source) is usable at once rather
            // than after a second of duplicate-address detection; the router's and server's own addresses are nodad.
            await _host.ExecuteAsync(_host.InNamespace(RouterNamespace, new Command("sysctl", "-q", "-w",
                "net.ipv6.conf.default.accept_dad=0", "net.ipv6.conf.all.forwarding=1")), cancellationToken).ConfigureAwait(false);
        }

        // Veths are made from inside the router with the peer created directly in the client's namespace: no rename
        // or move step, and the bridge port is enslaved in the same batch.
        var router = new IpBatch().Add("link set dev lo up");
        if (!Macvlan)
        {
            router.Add($"link add {Names.Bridge} type bridge").Add($"link set dev {Names.Bridge} up");
        }

        if (Macvlan)
        {
            // Each client's eth0 is made straight inside its namespace as a macvlan of the host's port, with a MAC of
            // its own: the router sees separate LAN devices, and nothing new ever sits in the host's namespace.
            var macvlans = new IpBatch();
            foreach (var client in clients)
            {
                macvlans.Add($"link add link {Settings.UplinkInterface} name {LabNames.InsideLink} netns {client.Namespace} type macvlan mode bridge");
            }

            await _host.ExecuteAsync(macvlans.Ip(), cancellationToken).ConfigureAwait(false);
        }
        else if (embedded)
        {
            router.Add($"addr add {gateway}/{clientSubnet!.PrefixLength} dev {Names.Bridge}")
                .Add($"link add {Names.ServerLink} type veth peer name {LabNames.InsideLink} netns {Names.ServerNamespace}")
                .Add($"link set dev {Names.ServerLink} up")
                .Add($"addr add {Server!.RouterAddress}/{_serverSubnet!.PrefixLength} dev {Names.ServerLink}");
            if (Ipv6Prefix is { } ula)
            {
                router.Add($"addr add {ula.ClientGateway}/{UlaPrefix.SubnetPrefixLength} dev {Names.Bridge} nodad")
                    .Add($"addr add {ula.ServerRouter}/{UlaPrefix.SubnetPrefixLength} dev {Names.ServerLink} nodad");
            }
        }
        else
        {
            router.Add($"link set dev {Settings.UplinkInterface} master {Names.Bridge} up");
        }

        foreach (var client in Macvlan ? [] : clients)
        {
            router.Add($"link add {client.HostLink} type veth peer name {LabNames.InsideLink} netns {client.Namespace}")
                .Add($"link set dev {client.HostLink} master {Names.Bridge} up");
        }

        await _host.ExecuteAsync(router.IpIn(RouterNamespace), cancellationToken).ConfigureAwait(false);

        var inside = new List<(string Ns, IpBatch Batch)>();
        if (embedded)
        {
            var server = InsideBatch(Server!.Address, _serverSubnet!.PrefixLength, Server.RouterAddress);
            if (Ipv6Prefix is { } ula)
            {
                server.Add($"addr add {ula.Server}/{UlaPrefix.SubnetPrefixLength} dev {LabNames.InsideLink} nodad")
                    .Add($"route add ::/0 via {ula.ServerRouter} dev {LabNames.InsideLink}");
            }

            inside.Add((Names.ServerNamespace, server));
        }

        if (embedded && (dhcp || Ipv6Prefix is not null))
        {
            // Up before the clients' links, so their first DHCP discover and router solicitation are answered. Kept, so a
            // soak's fault can stop the server and start it again as it was (its lease file survives).
            var ipv4Range = dhcp ? clientSubnet : null;
            var ipv6Service = Ipv6Prefix is { } prefix ? (prefix, Settings.Ipv6Addressing) : ((UlaPrefix, Ipv6Addressing)?)null;
            _startDhcpServer = async token => _dhcpServer = await DhcpServer.StartAsync(_host, Names, ipv4Range, gateway, clients.Length,
                Settings.DhcpLeaseSeconds, ipv6Service, _teardown.Push, token).ConfigureAwait(false);
            await _startDhcpServer(cancellationToken).ConfigureAwait(false);
        }

        // The clients' TCP starts with Lab:CongestionControl through their default route (see CongestionControl for why
        // a route's and not the namespace's sysctl); the server's is its listeners', set where it starts.
        var congestion = CongestionControl.RouteSuffix(Settings.CongestionControl);
        inside.AddRange(clients.Select(c => (c.Namespace, dhcp ? InsideBatch(null, 0, null) : InsideBatch(c.Address, c.PrefixLength, gateway, congestion))));
        if (ipv6)
        {
            // Before the links come up, so the link-local address's detection already runs on this timer.
            await NamespaceSysctl.WriteAsync([.. clients.Select(c => c.Namespace)], ClientNdTimers(Settings.Ipv6DadMilliseconds)).ConfigureAwait(false);
        }

        // When each client's link came up: its SLAAC (and DHCPv6) time counts from there, as a device's from its cable.
        var linkUp = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var work = new List<Task> { RunInsideAllAsync(inside, cancellationToken, ns => linkUp[ns] = Stopwatch.GetTimestamp()) };
        if (embedded)
        {
            work.Add(SetForwardingAsync(true, cancellationToken));
        }

        await Task.WhenAll(work).ConfigureAwait(false);

        if (dhcp || ipv6)
        {
            // Both families at once, as a dual-stack device asks; the first to fail stops the other, so a step fails
            // within the timeout of what was missing, naming it, not after the other family's longer one.
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var v4 = StopOtherOnFailure(dhcp ? LeaseAllAsync(clients, either.Token) : Task.FromResult(clients), either);
            var v6 = StopOtherOnFailure(ipv6 ? Ipv6AllAsync(clients, watch!, linkUp, either.Token) : Task.FromResult(clients), either);
            // A faulted task outranks a cancelled one in WhenAll: the family that failed on its own is the error thrown.
            await Task.WhenAll(v4, v6).ConfigureAwait(false);
            var (leased, six) = (await v4.ConfigureAwait(false), await v6.ConfigureAwait(false));
            if (ipv6 && Settings.Ipv6DadMilliseconds != KernelNdMilliseconds)
            {
                // Neighbour resolution under load keeps the kernel's patience: 3 tries 100 ms apart would give up on a
                // router whose answers wait in a full queue.
                await NamespaceSysctl.WriteAsync([.. clients.Select(c => c.Namespace)], ClientNdTimers(KernelNdMilliseconds)).ConfigureAwait(false);
            }

            clients = [.. leased.Select((c, i) => c with
            {
                Ipv6Address = six[i].Ipv6Address,
                Ipv6PrefixLength = six[i].Ipv6PrefixLength,
                Ipv6Source = six[i].Ipv6Source,
                Ipv6Time = six[i].Ipv6Time,
                Ipv6Gateway = six[i].Ipv6Gateway,
                Ipv6LinkLocal = six[i].Ipv6LinkLocal,
            })];
            if (congestion.Length > 0)
            {
                // udhcpc's script set the IPv4 default route, and udhcpc has exited (-q), so no renewal replaces this one.
                // IPv6's default route is the kernel's, from the advertisement, and refreshed by it: a static one with a
                // better metric beside it carries the congestion control without fighting the kernel over it.
                await RunInsideAllAsync(clients.Select(c => (c.Namespace, ClientRoutes(c, dhcp, congestion))).Where(w => w.Item2.Count > 0),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        Clients = clients[..Settings.Clients];
        ProbeClient = Settings.ProbeClient ? clients[^1] : null;
        if (Settings.DownstreamMbps is not null || Settings.DelayMs > 0 || Settings.LossPercent > 0)
        {
            await _shaper.SetDownstreamAsync(Settings.DownstreamMbps,
                new Impairment(TimeSpan.FromMilliseconds(Settings.DelayMs), TimeSpan.FromMilliseconds(Settings.JitterMs), Settings.LossPercent),
                cancellationToken).ConfigureAwait(false);
        }

        if (Settings.PerClientMbps is { } perClient)
        {
            await SetClientRateAsync(perClient, null, cancellationToken).ConfigureAwait(false);
        }

        if (Settings.UpstreamQueuePackets is { } upstreamQueue)
        {
            await _shaper.SetUpstreamQueueLimitAsync(upstreamQueue, cancellationToken).ConfigureAwait(false);
        }

        if (Settings.UpstreamMbps is { } upstream)
        {
            await _shaper.SetUpstreamAsync(upstream, cancellationToken).ConfigureAwait(false);
        }

        SetupTime = clock.Elapsed;
    }

    private static IpBatch InsideBatch(IPAddress? address, int prefix, IPAddress? gateway, string routeSuffix = "")
    {
        var batch = new IpBatch().Add("link set dev lo up").Add($"link set dev {LabNames.InsideLink} up");
        if (address is not null)
        {
            batch.Add($"addr add {address}/{prefix} dev {LabNames.InsideLink}");
        }

        if (gateway is not null)
        {
            batch.Add($"route add default via {gateway} dev {LabNames.InsideLink}{routeSuffix}");
        }

        return batch;
    }

    /// <summary>The kernel's default neighbour retransmit timer (and so duplicate-address detection time), in ms.</summary>
    private const int KernelNdMilliseconds = 1000;

    /// <summary>
    /// The client's neighbour retransmit timer (duplicate-address detection takes one) and, below the kernel's default,
    /// no random delay before its first solicitation and detection.
    /// </summary>
    private static (string Path, string Value)[] ClientNdTimers(int milliseconds) =>
    [
        ($"/proc/sys/net/ipv6/neigh/{LabNames.InsideLink}/retrans_time_ms", milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ($"/proc/sys/net/ipv6/conf/{LabNames.InsideLink}/router_solicitation_delay", milliseconds < KernelNdMilliseconds ? "0" : "1"),
    ];

    private static async Task<LabClient[]> StopOtherOnFailure(Task<LabClient[]> work, CancellationTokenSource both)
    {
        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await both.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static IpBatch ClientRoutes(LabClient client, bool dhcp, string congestion)
    {
        var batch = new IpBatch();
        if (dhcp && !client.Gateway.Equals(IPAddress.Any))
        {
            batch.Add($"route replace default via {client.Gateway} dev {LabNames.InsideLink}{congestion}");
        }

        if (client.Ipv6Gateway is { } router)
        {
            batch.Add($"route replace ::/0 via {new IPAddress(router.GetAddressBytes())} dev {LabNames.InsideLink} metric 1{congestion}");
        }

        return batch;
    }

    /// <summary>One `ip -n NS -batch -` per namespace, a few per core at a time (each is mostly kernel work and fork).</summary>
    private Task RunInsideAllAsync(IEnumerable<(string Ns, IpBatch Batch)> work, CancellationToken cancellationToken, Action<string>? starting = null) =>
        Parallel.ForEachAsync(work,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 4, CancellationToken = cancellationToken },
            async (item, token) =>
            {
                starting?.Invoke(item.Ns);
                await _host.ExecuteAsync(item.Batch.IpIn(item.Ns), token).ConfigureAwait(false);
            });

    /// <summary>Every client's IPv6 address, by SLAAC or DHCPv6 as Lab:Ipv6Addressing says, all at once.</summary>
    private async Task<LabClient[]> Ipv6AllAsync(
        LabClient[] clients, Ipv6AddressWatch watch, IReadOnlyDictionary<string, long> linkUp, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(Settings.Ipv6TimeoutSeconds);
        var script = Settings.Ipv6Addressing == Ipv6Addressing.Dhcpv6 ? Dhcpv6Client.WriteScript(Names) : null;
        var done = new LabClient[clients.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, clients.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (i, token) => done[i] = script is null
                ? await Slaac.WaitAsync(watch, i, clients[i], linkUp[clients[i].Namespace], timeout, token).ConfigureAwait(false)
                : await Dhcpv6Client.LeaseAsync(_host, Names, watch, i, clients[i], script, linkUp[clients[i].Namespace], timeout, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return done;
    }

    private async Task<LabClient[]> LeaseAllAsync(LabClient[] clients, CancellationToken cancellationToken)
    {
        var script = DhcpClient.WriteScript(Names);
        var timeout = TimeSpan.FromSeconds(Settings.DhcpTimeoutSeconds);
        var leased = new LabClient[clients.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, clients.Length),
            new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (i, token) => leased[i] = await DhcpClient.LeaseAsync(_host, clients[i], script, timeout, token).ConfigureAwait(false))
            .ConfigureAwait(false);
        return leased;
    }

    private bool Macvlan => Attach == UplinkAttach.Macvlan;

    private const string MacvlanCapRefusal =
        "Per-client caps are refused in the macvlan attach mode: each client's downstream arrives straight on its " +
        "macvlan device inside its own namespace, with no port of the lab's in between to shape with tc (tc shapes " +
        "what leaves a port). Use Lab:UplinkAttach=Bridge with a port dedicated to the lab, or leave the caps out.";

    private void RequireEmbedded(string what)
    {
        if (Settings.Mode != LabMode.Embedded)
        {
            throw new InvalidOperationException(
                $"{what} is shaped on the embedded router; in Uplink mode the real router is under test. " +
                "Use SetClientRateAsync for per-client rates, or switch Lab:Mode to Embedded.");
        }
    }

    private static void RequirePositive(double? mbps)
    {
        if (mbps is { } rate && (rate <= 0 || double.IsNaN(rate) || double.IsInfinity(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(mbps), rate, "Use a rate above 0 Mbit/s, or null to remove shaping.");
        }
    }
}
