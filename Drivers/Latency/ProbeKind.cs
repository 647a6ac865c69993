namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// What a probe measured. Self kinds ride the downloading clients' own queues; foreign kinds come from a client that
/// downloads nothing, i.e. what another device on the same network feels while the others download.
/// </summary>
public enum ProbeKind
{
    /// <summary>ICMP echo from a downloading client to its gateway (the router).</summary>
    SelfIcmpGateway,

    /// <summary>ICMP echo from a downloading client to the download server.</summary>
    SelfIcmpServer,

    /// <summary>TCP's smoothed RTT (tcpi_rtt) of the loaded download connections, read on the server (embedded lab).</summary>
    SelfTcpRtt,

    /// <summary>ICMP echo from the probe client (no download) to its gateway.</summary>
    ForeignIcmpGateway,

    /// <summary>ICMP echo from the probe client to the download server.</summary>
    ForeignIcmpServer,

    /// <summary>TCP handshake time (connect) from the probe client to the download server's port, on a new connection each time.</summary>
    ForeignTcpConnect,
}

public static class ProbeKinds
{
    /// <summary>The kinds the steps call "self latency": ICMP round trips from inside the downloading clients.</summary>
    public static readonly IReadOnlySet<ProbeKind> SelfIcmp = new HashSet<ProbeKind> { ProbeKind.SelfIcmpGateway, ProbeKind.SelfIcmpServer };

    /// <summary>
    /// The kinds an upload's queue delays: the uploading clients' echoes to the server cross the router's egress toward
    /// it (the WAN side); their echoes to the gateway, and the probe client's, stay in front of their own queues.
    /// </summary>
    public static readonly IReadOnlySet<ProbeKind> CrossingUpstream = new HashSet<ProbeKind> { ProbeKind.SelfIcmpServer };

    /// <summary>camelCase, as results.json names it.</summary>
    public static string JsonName(this ProbeKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];
}
