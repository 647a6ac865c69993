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

    /// <summary>The client's own global (or unique local) IPv6 address, duplicate-address detection done; null without IPv6.</summary>
    public IPAddress? Ipv6Address { get; init; }

    /// <summary>The prefix length the address came with: 64 by SLAAC, 128 by DHCPv6 (the /64 is on-link by the advertisement).</summary>
    public int Ipv6PrefixLength { get; init; }

    /// <summary>How the IPv6 address was obtained (Slaac or Dhcpv6); None without one.</summary>
    public Ipv6Addressing Ipv6Source { get; init; }

    /// <summary>From the client's link coming up (SLAAC) or its DHCPv6 client's start to the address being usable.</summary>
    public TimeSpan? Ipv6Time { get; init; }

    /// <summary>The client's link-local IPv6 address (what it speaks to the router's link-local address from).</summary>
    public IPAddress? Ipv6LinkLocal { get; init; }

    /// <summary>Every IPv6 address the client sends from (its own and its link-local): a per-client class matches them all.</summary>
    public IReadOnlyList<IPAddress> Ipv6Addresses => [.. new[] { Ipv6Address, Ipv6LinkLocal }.OfType<IPAddress>()];

    /// <summary>The router its default IPv6 route points to (learnt from an advertisement; usually link-local).</summary>
    public IPAddress? Ipv6Gateway { get; init; }

    /// <summary>The address of <paramref name="family"/>: IPv4's, or <see cref="Ipv6Address"/>.</summary>
    public IPAddress? AddressOf(System.Net.Sockets.AddressFamily family) =>
        family == System.Net.Sockets.AddressFamily.InterNetworkV6 ? Ipv6Address : Address;
}
