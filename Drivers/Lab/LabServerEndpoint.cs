using System.Net;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Where the embedded lab's download server goes: a namespace behind the router (reachable from clients only through
/// it), the address the server listens on, and the router's address on that link.
/// </summary>
public sealed record LabServerEndpoint(string Namespace, IPAddress Address, IPAddress RouterAddress)
{
    /// <summary>The server's IPv6 address (the lab's ULA server link), when the lab's clients have IPv6; else null.</summary>
    public IPAddress? Ipv6Address { get; init; }

    /// <summary>The server's address in <paramref name="family"/>; throws when the lab has no IPv6 and IPv6 is asked.</summary>
    public IPAddress AddressOf(System.Net.Sockets.AddressFamily family) =>
        family != System.Net.Sockets.AddressFamily.InterNetworkV6 ? Address
        : Ipv6Address ?? throw new InvalidOperationException(
            "The download uses IPv6, but the lab's clients have no IPv6: start them with \"N clients that get their IPv6 address by SLAAC\" " +
            "(or by DHCPv6, or N dual-stack clients), or set Lab:Ipv6Addressing.");
}
