namespace NetnsBdd.Drivers.Soak;

/// <summary>A fault the embedded lab can cause on demand, to prove the router watch and the rounds see it.</summary>
public enum LabFaultKind
{
    /// <summary>The router's LAN side (the clients' bridge) goes down, then comes back: a LAN port losing its link.</summary>
    LanLinkDown,

    /// <summary>The download server stops (its ports close), then starts again.</summary>
    ServerDown,

    /// <summary>The router's DHCP server stops, then starts again with its leases (clients renewing meanwhile get no answer).</summary>
    DhcpServerDown,
}
