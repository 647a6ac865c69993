using System.Globalization;
using System.Net.NetworkInformation;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.HomeRouter;

/// <summary>
/// A home router for tests, built from the stock parts real home routers run and from none of the lab's own router
/// code: a router namespace with dnsmasq on its defaults (ping check before every offer, 1 h leases), NAT to a WAN
/// side (iptables MASQUERADE, a conntrack-stateful forward filter), dual stack as ISP routers are (router advertisements
/// with SLAAC plus stateful DHCPv6 on one LAN /64, IPv6 routed to the WAN without NAT66 behind the same stateful
/// filter; a ULA /48 of its own, see <see cref="Ula"/>), an asymmetric link as cable and DSL have (an htb
/// shaper with one FIFO on the LAN port, 100 Mbit/s down; 20 Mbit/s up on the WAN port with the deep 1000-frame FIFO of
/// most ISP-provided routers), and a WAN namespace with nginx serving files of known sizes and taking uploads. Its LAN port's other end is a veth in the host's namespace,
/// handed to the suite as Lab:UplinkInterface exactly as a Pi's Ethernet port would be (set not to take router
/// advertisements, as a port dedicated to the suite is, so the host gets neither an address nor a route from the LAN).
/// <para>Test code, not product: its names begin with <c>hrt</c> (never <c>nbdd</c>), its subnets are the documentation
/// ranges (LAN 198.51.100.0/24, WAN 203.0.113.0/24; not the lab's 198.18.0.0/15) and exist only inside its namespaces
/// and on its own veth. dnsmasq and nginx run as daemons, so the emulation can outlive the process that built it (the
/// CI's `home-router up`); its folder under /run/hrt records the owner, and a later start tears down any emulation
/// whose owner died. Stopping signals only the processes inside its own namespaces, by pid.</para>
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HomeRouter : IAsyncDisposable
{
    public const string NamePrefix = "hrt";
    public const string StateRoot = "/run/hrt";

    /// <summary>The LAN shaper's rate, counted as whole frames as tc counts them.</summary>
    public const double RateMbps = 100;

    /// <summary>The WAN port's shaper: the upstream rate, whole frames as tc counts them.</summary>
    public const double UpstreamRateMbps = 20;

    /// <summary>The upstream FIFO's depth in full frames: 1000 × 1514 × 8 / 20e6 = 606 ms when full.</summary>
    public const int UpstreamQueueFrames = 1000;

    public static readonly IPAddress LanGateway = IPAddress.Parse("198.51.100.1");
    public static readonly IPAddress HostLanAddress = IPAddress.Parse("198.51.100.2");
    public static readonly IPAddress WanRouter = IPAddress.Parse("203.0.113.1");
    public static readonly IPAddress WanServer = IPAddress.Parse("203.0.113.10");

    /// <summary>Files nginx serves, by name and size.</summary>
    public static readonly IReadOnlyDictionary<string, long> Files = new Dictionary<string, long>
    {
        ["4M.bin"] = 4L << 20,
        ["16M.bin"] = 16L << 20,
    };

    private static readonly CommandRunner Runner = new();
    private int _stopped;

    private HomeRouter(string name, int lanPorts = 1)
    {
        Name = name;
        LanPorts = lanPorts;
    }

    /// <summary>LAN ports: one (the default, a veth straight to the router) or several on one LAN bridge, br0.</summary>
    public int LanPorts { get; }

    /// <summary>Where the LAN's address, DHCP server and shaper are: the bridge when there are several ports.</summary>
    public string LanDevice => LanPorts > 1 ? "br0" : "lan0";

    /// <summary>The host ends of the LAN ports, one per host a test attaches (<see cref="Uplink"/> first).</summary>
    public IReadOnlyList<string> Uplinks => [.. Enumerable.Range(0, LanPorts).Select(i => Name + (char)('u' + i))];

    /// <summary><c>hrt</c> + six characters: the start of every name this emulation makes.</summary>
    public string Name { get; }

    public string RouterNamespace => Name + "r";

    public string WanNamespace => Name + "w";

    /// <summary>The LAN port's host end, in the host's namespace: what the suite gets as Lab:UplinkInterface.</summary>
    public string Uplink => Name + "u";

    public string StateFolder => Path.Combine(StateRoot, Name);

    public string LeaseFile => Path.Combine(StateFolder, "dnsmasq.leases");

    /// <summary>The uplink as the host saw it right after the emulation was built.</summary>
    public UplinkPort UplinkAtStart { get; private set; } = null!;

    public static Uri FileUrl(string file) => new($"http://{WanServer}/{file}");

    /// <summary>
    /// The emulation's ULA /48 (RFC 4193: fd00::/8 and 40 bits), derived from its name so that two emulations never
    /// share a prefix and <see cref="Attach"/> knows it without a state file. LAN :1::/64, WAN :2::/64.
    /// </summary>
    public byte[] Ula
    {
        get
        {
            var prefix = new byte[16];
            prefix[0] = 0xfd;
            SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(Name)).AsSpan(0, 5).CopyTo(prefix.AsSpan(1));
            return prefix;
        }
    }

    /// <summary>The LAN /64 the router advertises (SLAAC) and serves DHCPv6 from.</summary>
    public IPAddress LanPrefix6 => Ula6(subnet: 1, host: 0);

    public IPAddress LanGateway6 => Ula6(subnet: 1, host: 1);

    public IPAddress WanRouter6 => Ula6(subnet: 2, host: 1);

    public IPAddress WanServer6 => Ula6(subnet: 2, host: 0x10);

    /// <summary>The same file as <see cref="FileUrl"/>, fetched over IPv6 (routed, not NATed).</summary>
    public Uri Ipv6FileUrl(string file) => new($"http://[{WanServer6}]/{file}");

    /// <summary>Where clients POST uploads: nginx reads the whole body, then answers 204 (see <see cref="StartNginxAsync"/>).</summary>
    public static Uri UploadUrl => new($"http://{WanServer}/upload");

    private IPAddress Ula6(int subnet, int host)
    {
        var address = Ula;
        address[6] = (byte)(subnet >> 8);
        address[7] = (byte)subnet;
        address[14] = (byte)(host >> 8);
        address[15] = (byte)host;
        return new IPAddress(address);
    }

    /// <summary>Builds the emulation; on any failure whatever was built is torn down before the exception propagates.</summary>
    /// <param name="hostAddress">Give the host's end of the LAN veth 198.51.100.2/24, as a Pi's only port would have.</param>
    /// <param name="ownerPid">The process whose death lets a later start reap this emulation (0: only `down` removes it).</param>
    /// <param name="lanPorts">1, or 2 ports on one LAN bridge (several hosts on one router; the shaper is then
    /// on the bridge, so all of them share its rate).</param>
    /// <param name="pingCheck">dnsmasq's ping before each offer (its default); off where a test measures something else than leases.</param>
    public static async Task<HomeRouter> StartAsync(
        bool hostAddress, int? ownerPid = null, CancellationToken cancellationToken = default, int lanPorts = 1, bool pingCheck = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanPorts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lanPorts, 2);
        ToolCatalog.Require("ip", "tc", "dnsmasq", "nginx", "iptables", "sysctl");
        await ReapOrphansAsync(cancellationToken);
        var router = new HomeRouter(NamePrefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 6), lanPorts);
        try
        {
            await router.BuildAsync(hostAddress, ownerPid ?? Environment.ProcessId, pingCheck, cancellationToken);
        }
        catch
        {
            await router.DisposeAsync();
            throw;
        }

        return router;
    }

    /// <summary>An emulation started by another process (the CI's `home-router up`), by name.</summary>
    public static HomeRouter Attach(string name)
    {
        if (!name.StartsWith(NamePrefix, StringComparison.Ordinal) || name.Length != NamePrefix.Length + 6 ||
            !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9') || !Directory.Exists(Path.Combine(StateRoot, name)))
        {
            throw new ArgumentException($"'{name}' is not a running home-router emulation (see {StateRoot}/).", nameof(name));
        }

        var router = new HomeRouter(name);
        router.UplinkAtStart = JsonSerializer.Deserialize<UplinkPort>(File.ReadAllText(Path.Combine(router.StateFolder, "uplink.json")))!;
        return router;
    }

    /// <summary>Connections the router has NATed so far: packets through the MASQUERADE rule, one per new connection.</summary>
    public async Task<long> NatConnectionsAsync(CancellationToken cancellationToken = default)
    {
        var table = await Runner.ExecuteAsync(InRouter("iptables", "-t", "nat", "-L", "POSTROUTING", "-v", "-x", "-n"), cancellationToken);
        var rule = table.StandardOutput.Split('\n').First(l => l.Contains("MASQUERADE", StringComparison.Ordinal));
        return long.Parse(rule.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The DHCPv4 leases dnsmasq has handed out (its lease file: expiry, MAC, address, ...), one per client MAC.</summary>
    public IReadOnlyList<(string Mac, IPAddress Address)> Leases() =>
        [.. LeaseLines().Where(p => p.Address.AddressFamily == AddressFamily.InterNetwork).Select(p => (p.Id, p.Address))];

    /// <summary>The DHCPv6 leases (after the file's `duid` line: expiry, IAID, address, ...), by IAID.</summary>
    public IReadOnlyList<(string Iaid, IPAddress Address)> Leases6() =>
        [.. LeaseLines().Where(p => p.Address.AddressFamily == AddressFamily.InterNetworkV6).Select(p => (p.Id, p.Address))];

    private IEnumerable<(string Id, IPAddress Address)> LeaseLines() =>
        File.ReadAllLines(LeaseFile).Select(l => l.Split(' '))
            .Where(p => p.Length >= 3 && IPAddress.TryParse(p[2], out _)).Select(p => (p[1], IPAddress.Parse(p[2])));

    /// <summary>Whether the host reaches the router's LAN address from its own namespace (ICMP echo).</summary>
    public static async Task<bool> HostReachesRouterAsync()
    {
        using var ping = new Ping();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if ((await ping.SendPingAsync(LanGateway, TimeSpan.FromSeconds(1))).Status == IPStatus.Success)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The uplink now, and what differs from how it was at start (empty: as it was).</summary>
    public async Task<IReadOnlyList<string>> UplinkChangesAsync(CancellationToken cancellationToken = default)
    {
        var now = await UplinkPort.InspectAsync(new LabHost(), Uplink, cancellationToken);
        return now is null
            ? [$"{Uplink} is no longer in the host's namespace"]
            : now.DifferencesFrom(UplinkAtStart);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await StopAsync(Name);
        }
    }

    /// <summary>
    /// Tears an emulation down by name, whoever built it: SIGTERM (then SIGKILL) to the processes inside its two
    /// namespaces, the namespaces (which destroys both veth pairs, wherever the uplink end is), its folder. Idempotent.
    /// </summary>
    public static async Task StopAsync(string name, CancellationToken cancellationToken = default)
    {
        var namespaces = new[] { name + "r", name + "w" }.Where(ns => NetworkNamespace.Exists(ns)).ToArray();
        var pids = new List<int>();
        foreach (var ns in namespaces)
        {
            var listed = await Runner.RunAsync(new Command("ip", "netns", "pids", ns), cancellationToken);
            pids.AddRange(listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
        }

        foreach (var signal in new[] { Posix.SIGTERM, Posix.SIGKILL })
        {
            pids.RemoveAll(pid => !Directory.Exists($"/proc/{pid}"));
            pids.ForEach(pid => Posix.TrySignal(pid, signal));
            for (var wait = 0; wait < 30 && pids.Any(pid => Directory.Exists($"/proc/{pid}")); wait++)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        await Runner.RunAsync(new IpBatch().Add($"netns del {name}r").Add($"netns del {name}w").Add($"link del {name}u").Add($"link del {name}v").Add($"link del {name}b").Ip(force: true), cancellationToken);
        var folder = Path.Combine(StateRoot, name);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        if (Directory.Exists(StateRoot) && !Directory.EnumerateFileSystemEntries(StateRoot).Any())
        {
            Directory.Delete(StateRoot);
        }
    }

    /// <summary>Emulations whose owner process is gone (a killed test run, a CI job that died before `down`).</summary>
    private static async Task ReapOrphansAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(StateRoot))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(StateRoot, NamePrefix + "*"))
        {
            var owner = Path.Combine(folder, "owner");
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner).Trim(), CultureInfo.InvariantCulture, out var pid) &&
                pid > 0 && !Directory.Exists($"/proc/{pid}"))
            {
                await StopAsync(Path.GetFileName(folder), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The LAN shaper's counters: bytes and packets sent, as the kernel's qdisc counts them (a GSO packet as its
    /// segments, each with its headers: what the wire carries, without the Ethernet FCS).
    /// </summary>
    public async Task<(long Bytes, long Packets)> ShaperCountersAsync(CancellationToken cancellationToken = default)
    {
        var json = await Runner.ExecuteAsync(new Command("tc", "-n", RouterNamespace, "-s", "-j", "qdisc", "show", "dev", LanDevice, "root"), cancellationToken);
        var root = JsonDocument.Parse(json.StandardOutput).RootElement.EnumerateArray().First(q => q.GetProperty("kind").GetString() == "htb");
        return (root.GetProperty("bytes").GetInt64(), root.GetProperty("packets").GetInt64());
    }

    private async Task BuildAsync(bool hostAddress, int ownerPid, bool pingCheck, CancellationToken cancellationToken)
    {
        var readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead |
                       UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(StateRoot, readable);
        Directory.CreateDirectory(StateFolder, readable);
        await File.WriteAllTextAsync(Path.Combine(StateFolder, "owner"), ownerPid.ToString(CultureInfo.InvariantCulture), cancellationToken);

        var root = new IpBatch()
            .Add($"netns add {RouterNamespace}")
            .Add($"netns add {WanNamespace}");
        for (var i = 0; i < LanPorts; i++)
        {
            root.Add($"link add {Uplinks[i]} type veth peer name lan{i} netns {RouterNamespace}");
        }

        if (hostAddress)
        {
            root.Add($"addr add {HostLanAddress}/24 dev {Uplink}");
        }

        await Runner.ExecuteAsync(root.Ip(), cancellationToken);
        // The host's ends take no router advertisements, set before they come up: otherwise the host would autoconfigure
        // an address from the LAN's prefix and a default IPv6 route into the emulation, and the port would no longer
        // be one the host does not use (Auto would pick macvlan, Bridge would refuse it).
        if (!Directory.Exists("/proc/sys/net/ipv6/conf"))
        {
            throw new InvalidOperationException(
                "The home-router emulation is dual stack, but this kernel has IPv6 disabled (no /proc/sys/net/ipv6/conf): " +
                "remove ipv6.disable=1 from the kernel command line and reboot.");
        }

        var up = new IpBatch();
        foreach (var uplink in Uplinks)
        {
            await Runner.ExecuteAsync(new Command("sysctl", "-q", "-w", $"net.ipv6.conf.{uplink}.accept_ra=0"), cancellationToken);
            up.Add($"link set dev {uplink} up");
        }

        await Runner.ExecuteAsync(up.Ip(), cancellationToken);
        var lan = new IpBatch().Add("link set dev lo up");
        if (LanPorts > 1)
        {
            lan.Add("link add br0 type bridge").Add("link set dev br0 up");
        }

        for (var i = 0; i < LanPorts; i++)
        {
            if (LanPorts > 1)
            {
                lan.Add($"link set dev lan{i} master br0");
            }

            lan.Add($"link set dev lan{i} up");
        }

        // Forwarding before the addresses: a forwarding interface ignores router advertisements, as a router's should.
        await Runner.ExecuteAsync(InRouter("sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1"), cancellationToken);
        // nodad on the static IPv6 addresses: they are unique by construction, and DAD would hold them tentative for a
        // second, during which nginx cannot bind and dnsmasq cannot serve.
        await Runner.ExecuteAsync(lan
            .Add($"addr add {LanGateway}/24 dev {LanDevice}")
            .Add($"addr add {LanGateway6}/64 dev {LanDevice} nodad")
            .Add($"link add wan0 type veth peer name eth0 netns {WanNamespace}")
            .Add("link set dev wan0 up")
            .Add($"addr add {WanRouter}/24 dev wan0")
            .Add($"addr add {WanRouter6}/64 dev wan0 nodad")
            // The ISP's side is the router's way out for IPv6, as on a real line (IPv4 needs none: NAT answers only).
            .Add($"route add default via {WanServer6} dev wan0").IpIn(RouterNamespace), cancellationToken);
        // The server has no default route: over IPv4 it answers the router's WAN address (NAT) and reaches nothing else;
        // over IPv6 it routes the LAN /64 back through the router, as an ISP routes a customer's prefix (no NAT66).
        await Runner.ExecuteAsync(new IpBatch()
            .Add("link set dev lo up")
            .Add("link set dev eth0 up")
            .Add($"addr add {WanServer}/24 dev eth0")
            .Add($"addr add {WanServer6}/64 dev eth0 nodad")
            .Add($"route add {LanPrefix6}/64 via {WanRouter6} dev eth0").IpIn(WanNamespace), cancellationToken);

        // NAT and a stateful forward filter, as a home router's firewall: LAN out, only replies back in. IPv6 gets the
        // same filter without the NAT (ip6tables comes in Debian's iptables package).
        await Runner.ExecuteAsync(InRouter("iptables", "-t", "nat", "-A", "POSTROUTING", "-o", "wan0", "-j", "MASQUERADE"), cancellationToken);
        foreach (var filter in new[] { "iptables", "ip6tables" })
        {
            await Runner.ExecuteAsync(InRouter(filter, "-A", "FORWARD", "-i", "wan0", "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "ACCEPT"), cancellationToken);
            await Runner.ExecuteAsync(InRouter(filter, "-A", "FORWARD", "-i", "wan0", "-j", "DROP"), cancellationToken);
        }

        // The LAN port's shaper: one htb class at the rate, one FIFO under it (what a home router's QoS does). Neither
        // shaper has a filter, on purpose: htb's default class takes every packet whatever its protocol, so IPv6 and
        // IPv4 share the one class and queue (a `protocol ip` filter would let IPv6 bypass them).
        var bits = (long)(RateMbps * 1_000_000);
        await Runner.ExecuteAsync(new IpBatch()
            .Add($"qdisc add dev {LanDevice} root handle 1: htb default 1")
            .Add($"class add dev {LanDevice} parent 1: classid 1:1 htb rate {bits}bit ceil {bits}bit burst 64k cburst 64k")
            .Add($"qdisc add dev {LanDevice} parent 1:1 handle 10: pfifo limit 1000").TcIn(RouterNamespace), cancellationToken);

        // The WAN port's shaper, the upstream: one htb class, one drop-tail FIFO counted in bytes (forwarded GSO packets
        // would make a packet-counted one many times deeper than its frames).
        var upBits = (long)(UpstreamRateMbps * 1_000_000);
        await Runner.ExecuteAsync(new IpBatch()
            .Add("qdisc add dev wan0 root handle 1: htb default 1")
            .Add($"class add dev wan0 parent 1: classid 1:1 htb rate {upBits}bit ceil {upBits}bit burst 32k cburst 32k")
            .Add($"qdisc add dev wan0 parent 1:1 handle 10: bfifo limit {UpstreamQueueFrames * 1514}").TcIn(RouterNamespace), cancellationToken);

        // dnsmasq as a home router runs it: its defaults (ping check before each offer, 1 h leases), DNS off here
        // only because the clients fetch by address. It daemonizes; its pid file and leases stay in the folder.
        // IPv6: router advertisements with the A bit (`slaac`) beside a stateful DHCPv6 range on the same /64, so a
        // client forms a SLAAC address and can also lease one, as dual-stack ISP routers offer.
        await Runner.ExecuteAsync(InRouter("dnsmasq", [
            .. pingCheck ? Array.Empty<string>() : ["--no-ping"],
            "--conf-file=/dev/null",
            "--port=0",
            $"--interface={LanDevice}",
            "--bind-interfaces",
            "--dhcp-range=198.51.100.10,198.51.100.254",
            "--enable-ra",
            $"--dhcp-range={Ula6(subnet: 1, host: 0x100)},{Ula6(subnet: 1, host: 0x1ff)},slaac,64",
            $"--dhcp-option=option:router,{LanGateway}",
            $"--dhcp-leasefile={LeaseFile}",
            $"--pid-file={Path.Combine(StateFolder, "dnsmasq.pid")}",
            $"--log-facility={Path.Combine(StateFolder, "dnsmasq.log")}"]), cancellationToken);

        await StartNginxAsync(readable, cancellationToken);
        UplinkAtStart = await UplinkPort.InspectAsync(new LabHost(), Uplink, cancellationToken)
            ?? throw new InvalidOperationException($"{Uplink} vanished right after it was made.");
        await File.WriteAllTextAsync(Path.Combine(StateFolder, "uplink.json"), JsonSerializer.Serialize(UplinkAtStart), cancellationToken);
    }

    private async Task StartNginxAsync(UnixFileMode readable, CancellationToken cancellationToken)
    {
        var www = Directory.CreateDirectory(Path.Combine(StateFolder, "www"), readable).FullName;
        foreach (var (file, size) in Files)
        {
            // Zeros, sparse on tmpfs: the bytes' values do not matter to a router, their count does.
            await using var stream = File.Create(Path.Combine(www, file));
            stream.SetLength(size);
            File.SetUnixFileMode(stream.SafeFileHandle, readable & ~UnixFileMode.UserExecute & ~UnixFileMode.GroupExecute & ~UnixFileMode.OtherExecute);
        }

        var config = Path.Combine(StateFolder, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            pid {{StateFolder}}/nginx.pid;
            error_log {{StateFolder}}/nginx-error.log;
            events { worker_connections 1024; }
            http {
                access_log off;
                sendfile on;
                default_type application/octet-stream;
                client_body_temp_path {{StateFolder}}/body;
                server {
                    listen {{WanServer}}:80;
                    listen [::]:80 ipv6only=on;
                    root {{www}};
                    # Uploads: proxied with nginx's default request buffering, so the whole body is read before the
                    # 204 comes back (a bare `return 204` answers at once and discards the rest in the background).
                    location /upload {
                        client_max_body_size 0;
                        proxy_pass http://{{WanServer}}:8081;
                    }
                }
                server {
                    listen {{WanServer}}:8081;
                    client_max_body_size 0;
                    location / { return 204; }
                }
            }
            """, cancellationToken);
        await Runner.ExecuteAsync(new Command("ip", "netns", "exec", WanNamespace, "nginx", "-c", config, "-e", $"{StateFolder}/nginx-error.log"), cancellationToken);

        // Ready when it serves over both families, checked from inside the WAN namespace.
        foreach (var url in new[] { FileUrl("4M.bin"), Ipv6FileUrl("4M.bin") })
        {
            var probe = new Command("ip", "netns", "exec", WanNamespace, "wget", "-q", "-O", "/dev/null", "--tries=1", "--timeout=1", url.AbsoluteUri);
            var served = false;
            for (var attempt = 0; attempt < 50 && !served; attempt++)
            {
                served = (await Runner.RunAsync(probe, cancellationToken)).Succeeded;
                if (!served)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }

            if (!served)
            {
                throw new InvalidOperationException($"nginx in {WanNamespace} did not serve {url} within 5 s; see {StateFolder}/nginx-error.log.");
            }
        }
    }

    private Command InRouter(string program, params string[] arguments) =>
        new("ip", ["netns", "exec", RouterNamespace, program, .. arguments]);
}
