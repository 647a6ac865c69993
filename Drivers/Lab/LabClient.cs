using System.Net;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// One virtual client: its namespace (interface <c>eth0</c> inside), the bridge port that is its downstream link in
/// the router namespace, its address and gateway, and, for DHCP, the time from starting the DHCP client to the address
/// being bound, the lease the server granted and which server granted it.
/// </summary>
public sealed record LabClient(
    int Number,
    string Namespace,
    string HostLink,
    IPAddress Address,
    int PrefixLength,
    IPAddress Gateway,
    TimeSpan? LeaseTime)
{
    /// <summary>DHCP: the lease the server granted, in seconds (option 51); null with static addresses.</summary>
    public long? LeaseSeconds { get; init; }

    /// <summary>DHCP: when the lease was bound (its T1, the renewal time, is half the lease after it).</summary>
    public DateTimeOffset? BoundAt { get; init; }

    /// <summary>DHCP: the server that acknowledged the lease (option 54).</summary>
    public IPAddress? DhcpServer { get; init; }
}
