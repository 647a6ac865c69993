using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Drivers.Lab;

/// <summary>Where the clients' traffic goes: to the suite's own router and server, or out to a real router.</summary>
public enum LabMode
{
    /// <summary>A router namespace (bridge, gateway, forwarding, shaping) and a server namespace behind it.</summary>
    Embedded,

    /// <summary>The clients' bridge enslaves a physical interface wired to the router under test.</summary>
    Uplink,
}

/// <summary>How uplink mode puts the clients on the real router's LAN.</summary>
public enum UplinkAttach
{
    /// <summary>Macvlan when the host uses the port (it has addresses or carries the default route), else Bridge.</summary>
    Auto,

    /// <summary>The port moves into the lab's router namespace and is bridged with the clients' veths.</summary>
    Bridge,

    /// <summary>Each client gets a macvlan sub-interface of the port (own MAC); the host keeps the port and its addresses.</summary>
    Macvlan,
}

/// <summary>How clients get their IPv4 address.</summary>
public enum LabAddressing
{
    Static,
    Dhcp,
}

/// <summary>How clients get their IPv6 address, beside their IPv4 one (<see cref="LabAddressing"/>).</summary>
public enum Ipv6Addressing
{
    /// <summary>The suite configures no IPv6 (a real router's advertisements are still taken, as any device takes them).</summary>
    None,

    /// <summary>Router advertisements: each client forms its own address from the advertised /64 (RFC 4862).</summary>
    Slaac,

    /// <summary>Stateful DHCPv6 (ISC dhclient -6, one-shot); the default route still comes from the advertisements.</summary>
    Dhcpv6,
}

/// <summary>
/// The lab's configuration (section <c>Lab</c>). Nothing here is checked on assignment; <see cref="Validate"/>
/// reports every problem at once, each naming the bad value and the fix.
/// </summary>
public sealed record LabSettings
{
    /// <summary>RFC 2544's benchmarking range: lab addresses can never be mistaken for a real network's.</summary>
    public const string BenchmarkRange = "198.18.0.0/15";

    /// <summary>Client numbers are part of 15-byte link names (nbdd + 6-char run id + role + number).</summary>
    public const int MaxClients = 4000;

    public LabMode Mode { get; init; } = LabMode.Embedded;

    public int Clients { get; init; } = 10;

    /// <summary>
    /// One client more than <see cref="Clients"/> that downloads nothing (the latency probes' "other device"); the
    /// suite sets it from Latency:Enabled.
    /// </summary>
    public bool ProbeClient { get; init; }

    /// <summary>The clients' segment in embedded mode; its first host is the router's gateway address.</summary>
    public string ClientSubnet { get; init; } = "198.18.0.0/16";

    /// <summary>The router-to-server link in embedded mode (router is the first host, server the second).</summary>
    public string ServerSubnet { get; init; } = "198.19.0.0/30";

    /// <summary>Null means the mode's default: static in embedded mode, DHCP from the real router in uplink mode.</summary>
    public LabAddressing? Addressing { get; init; }

    /// <summary>
    /// How clients get their IPv6 address: None (IPv4 only), Slaac or Dhcpv6. In embedded mode the router then
    /// advertises a ULA /64 random per run (and serves DHCPv6 for Dhcpv6), forwards IPv6, and the server listens on IPv6.
    /// </summary>
    public Ipv6Addressing Ipv6Addressing { get; init; } = Ipv6Addressing.None;

    /// <summary>How long a client may wait for its IPv6 address (SLAAC or DHCPv6), duplicate-address detection included.</summary>
    public int Ipv6TimeoutSeconds { get; init; } = 30;

    /// <summary>
    /// The clients' duplicate-address detection time while they take their IPv6 addresses (their kernel's neighbour
    /// retransmit timer, put back to the kernel's 1000 ms once every address is usable; below 1000 their router
    /// solicitation is also sent without the random delay of up to 1 s). 100 by default, so an address's recorded time is
    /// mostly the router's answer rather than the client's own timers; 1000 times it as a device with kernel defaults.
    /// </summary>
    public int Ipv6DadMilliseconds { get; init; } = 100;

    /// <summary>Uplink mode: the interface (e.g. the Pi's eth0 or a USB dongle) moved into the lab and bridged.</summary>
    public string? UplinkInterface { get; init; }

    /// <summary>Uplink mode: bridge the port into the lab, or give each client a macvlan sub-interface of it.</summary>
    public UplinkAttach UplinkAttach { get; init; } = UplinkAttach.Auto;

    /// <summary>
    /// Uplink mode: the rate the router under test is set to deliver to its LAN (its shaper, or the port speed), in
    /// Mbit/s counted as frames; what the goodput steps that speak of "the router's rate" judge against. Null = not known.
    /// </summary>
    public double? UplinkRateMbps { get; init; }

    /// <summary>
    /// Uplink mode: the real router's upstream rate (toward its WAN) as the user states it, in Mbit/s counted as frames;
    /// what the upload goodput steps judge against. Null = not known.
    /// </summary>
    public double? UplinkUpstreamRateMbps { get; init; }

    /// <summary>
    /// Embedded mode: the router's total upstream capacity (its egress toward the server) shared by all clients with
    /// per-client fair queues, in Mbit/s; null = unshaped.
    /// </summary>
    public double? UpstreamMbps { get; init; }

    /// <summary>Embedded mode: the upstream leaf queues' length in full frames (a bfifo of N × 1514 bytes); null = default.</summary>
    public int? UpstreamQueuePackets { get; init; }

    /// <summary>The longest router queue the suite builds, in full frames.</summary>
    public const int MaxQueuePackets = 100_000;

    /// <summary>
    /// The TCP congestion control the lab's own TCP uses: every client's connections (a congctl on its default route, so
    /// wget's and the native engine's sockets alike) and, in embedded mode, the lab server's (its listening sockets).
    /// Cubic by default, the Linux default most servers run, so a verdict does not depend on the host's own default
    /// (BBR on some, which keeps a deep queue nearly empty). Empty leaves the host's default.
    /// </summary>
    public string CongestionControl { get; init; } = "cubic";

    /// <summary>Embedded mode: the router's total downstream capacity shared by all clients, in Mbit/s; null = unshaped.</summary>
    public double? DownstreamMbps { get; init; }

    /// <summary>Each client's own downstream rate in Mbit/s; null = unshaped.</summary>
    public double? PerClientMbps { get; init; }

    /// <summary>Embedded mode: one-way delay added to downstream traffic.</summary>
    public int DelayMs { get; init; }

    public int JitterMs { get; init; }

    public double LossPercent { get; init; }

    /// <summary>How long a client may wait for its DHCP lease.</summary>
    public int DhcpTimeoutSeconds { get; init; } = 30;

    /// <summary>The lease the embedded dnsmasq hands out; long, because clients take one lease and do not renew.</summary>
    public int DhcpLeaseSeconds { get; init; } = 12 * 3600;

    /// <summary>Holds run files (nbdd&lt;id&gt;.run) and per-run folders for leases and scripts.</summary>
    public string RunDirectory { get; init; } = "/run/nbdd";

    public LabAddressing EffectiveAddressing => Addressing ?? (Mode == LabMode.Uplink ? LabAddressing.Dhcp : LabAddressing.Static);

    /// <summary>Every problem with these settings, each naming the bad value and the fix; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Mode))
        {
            problems.Add($"Lab:Mode '{Mode}' is unknown; use Embedded or Uplink.");
        }

        if (Clients is < 1 or > MaxClients)
        {
            problems.Add($"Lab:Clients is {Clients}; use a number from 1 to {MaxClients}.");
        }

        if (Mode == LabMode.Embedded)
        {
            ValidateEmbedded(problems);
        }
        else if (Mode == LabMode.Uplink)
        {
            ValidateUplink(problems);
        }

        CheckPositive(problems, "PerClientMbps", PerClientMbps);
        CheckPositive(problems, "DownstreamMbps", DownstreamMbps);
        CheckPositive(problems, "UplinkRateMbps", UplinkRateMbps);
        CheckPositive(problems, "UpstreamMbps", UpstreamMbps);
        CheckPositive(problems, "UplinkUpstreamRateMbps", UplinkUpstreamRateMbps);
        if (UpstreamQueuePackets is < 1 or > MaxQueuePackets)
        {
            problems.Add($"Lab:UpstreamQueuePackets is {UpstreamQueuePackets}; use 1 to {MaxQueuePackets} full frames " +
                         "(e.g. 1000 for a deep queue, 50 for a short one), or remove it for the default.");
        }

        if (NetnsBdd.Drivers.Lab.CongestionControl.NameProblem(CongestionControl) is { } congestion)
        {
            problems.Add(congestion);
        }

        if (!Enum.IsDefined(UplinkAttach))
        {
            problems.Add($"Lab:UplinkAttach '{UplinkAttach}' is unknown; use Auto, Bridge or Macvlan.");
        }

        if (DelayMs < 0 || JitterMs < 0 || JitterMs > 0 && DelayMs == 0)
        {
            problems.Add($"Lab:DelayMs {DelayMs} / JitterMs {JitterMs} are invalid; both must be >= 0 and " +
                         "jitter needs a delay to vary around (set DelayMs > 0).");
        }

        if (LossPercent is < 0 or > 100 || double.IsNaN(LossPercent))
        {
            problems.Add($"Lab:LossPercent is {LossPercent}; use a percentage from 0 to 100.");
        }

        if (DhcpTimeoutSeconds < 1)
        {
            problems.Add($"Lab:DhcpTimeoutSeconds is {DhcpTimeoutSeconds}; use at least 1 (default 30).");
        }

        if (!Enum.IsDefined(Ipv6Addressing))
        {
            problems.Add($"Lab:Ipv6Addressing '{Ipv6Addressing}' is unknown; use None, Slaac or Dhcpv6.");
        }

        if (Ipv6TimeoutSeconds is < 1 or > 3600)
        {
            problems.Add($"Lab:Ipv6TimeoutSeconds is {Ipv6TimeoutSeconds}; use 1 to 3600 (default 30).");
        }

        if (Ipv6DadMilliseconds is < 10 or > 10_000)
        {
            problems.Add($"Lab:Ipv6DadMilliseconds is {Ipv6DadMilliseconds}; use 10 to 10000 (100 by default; 1000 is a device's kernel default).");
        }

        if (DhcpLeaseSeconds < 120)
        {
            problems.Add($"Lab:DhcpLeaseSeconds is {DhcpLeaseSeconds}; dnsmasq needs at least 120 (default 43200).");
        }

        if (string.IsNullOrWhiteSpace(RunDirectory) || !Path.IsPathRooted(RunDirectory) ||
            !Path.GetFileName(RunDirectory.TrimEnd('/')).StartsWith(RunId.Prefix, StringComparison.Ordinal))
        {
            problems.Add($"Lab:RunDirectory '{RunDirectory}' must be an absolute path whose last folder starts " +
                         $"with '{RunId.Prefix}' so the suite only ever deletes its own files; use /run/nbdd.");
        }
        else if (RunDirectory.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-')) || RunDirectory.Contains("..", StringComparison.Ordinal))
        {
            // The path reaches dnsmasq's and udhcpc's arguments; a newline or quote there has no business in a run folder.
            problems.Add($"Lab:RunDirectory '{RunDirectory}' may only hold ASCII letters, digits, '/', '.', '_' and '-' " +
                         "(no '..'); use /run/nbdd.");
        }

        return problems;
    }

    private void ValidateEmbedded(List<string> problems)
    {
        var range = Ipv4Subnet.Parse(BenchmarkRange);
        var clientOk = Ipv4Subnet.TryParse(ClientSubnet, out var clients, out var clientProblem);
        var serverOk = Ipv4Subnet.TryParse(ServerSubnet, out var server, out var serverProblem);
        if (!clientOk)
        {
            problems.Add($"Lab:ClientSubnet {clientProblem}");
        }
        else if (!clients.IsInside(range))
        {
            problems.Add($"Lab:ClientSubnet {clients} lies outside {BenchmarkRange} (RFC 2544); lab addresses " +
                         "must come from it so they never clash with a real network. Use e.g. 198.18.0.0/16.");
        }
        else if (Clients >= 1 && clients.HostCount < Clients + 1L + (ProbeClient ? 1 : 0))
        {
            var needed = Clients + 1L + (ProbeClient ? 1 : 0);
            problems.Add($"Lab:ClientSubnet {clients} holds {clients.HostCount} host addresses, but {Clients} " +
                         $"clients plus the gateway{(ProbeClient ? " and the latency probe client" : "")} need {needed}; use a /{Ipv4Subnet.PrefixFor(needed)} or " +
                         "larger (e.g. 198.18.0.0/16).");
        }

        if (!serverOk)
        {
            problems.Add($"Lab:ServerSubnet {serverProblem}");
        }
        else if (!server.IsInside(range) || server.HostCount < 2)
        {
            problems.Add($"Lab:ServerSubnet {server} must lie inside {BenchmarkRange} and hold 2 hosts " +
                         "(router and server); use e.g. 198.19.0.0/30.");
        }
        else if (clientOk && clients.Overlaps(server))
        {
            problems.Add($"Lab:ServerSubnet {server} overlaps ClientSubnet {clients}; use separate ranges, " +
                         "e.g. 198.18.0.0/16 for clients and 198.19.0.0/30 for the server.");
        }

        if (UplinkInterface is not null)
        {
            problems.Add($"Lab:UplinkInterface '{UplinkInterface}' is set but Mode is Embedded; remove it, or " +
                         "set Mode to Uplink to bridge the clients onto that interface.");
        }
    }

    private void ValidateUplink(List<string> problems)
    {
        if (LinkName.Problem(UplinkInterface, "Lab:UplinkInterface", allowDotAndUnderscore: true) is { } problem)
        {
            problems.Add(problem);
        }

        if (EffectiveAddressing != LabAddressing.Dhcp)
        {
            problems.Add("Lab:Addressing is Static in Uplink mode, which is not supported: the real router " +
                         "hands out addresses. Remove Addressing or set it to Dhcp.");
        }

        if (DownstreamMbps is not null || DelayMs != 0 || LossPercent != 0)
        {
            problems.Add("Lab:DownstreamMbps/DelayMs/JitterMs/LossPercent shape the embedded router and do " +
                         "nothing in Uplink mode (the real router is under test); remove them, or use PerClientMbps.");
        }

        if (UpstreamMbps is not null || UpstreamQueuePackets is not null)
        {
            problems.Add("Lab:UpstreamMbps/UpstreamQueuePackets shape the embedded router's upstream and do nothing in " +
                         "Uplink mode (the real router's upstream is under test); remove them, and state its rate in " +
                         "Lab:UplinkUpstreamRateMbps instead.");
        }
    }

    private static void CheckPositive(List<string> problems, string name, double? value)
    {
        if (value is { } rate && (rate <= 0 || double.IsNaN(rate) || double.IsInfinity(rate)))
        {
            problems.Add($"Lab:{name} is {rate}; use a rate above 0 in Mbit/s, or remove it for no shaping.");
        }
    }
}
