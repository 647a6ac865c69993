using System.Net;
using System.Security.Cryptography;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The embedded lab's IPv6 addressing: a unique local /48 (RFC 4193: fd00::/8 and a random 40-bit global id, new for
/// every run, so two labs, or a lab and a real network's ULA, do not share a prefix). Its subnet 1 is the clients' LAN,
/// advertised by the router; subnet 2 the router-to-server link. The router is ::1 on both, the server ::2.
/// </summary>
public sealed record UlaPrefix
{
    private readonly byte[] _globalId;

    private UlaPrefix(byte[] globalId) => _globalId = globalId;

    /// <summary>A fresh random prefix (the RFC's global id is meant to be random).</summary>
    public static UlaPrefix New() => new(RandomNumberGenerator.GetBytes(5));

    /// <summary>A fixed prefix (tests).</summary>
    public static UlaPrefix FromGlobalId(ReadOnlySpan<byte> globalId) =>
        globalId.Length == 5 ? new UlaPrefix(globalId.ToArray())
        : throw new ArgumentException($"A ULA global id is 5 bytes (40 bits); got {globalId.Length}.", nameof(globalId));

    /// <summary>The /48, e.g. <c>fd3c:9a1e:77b2::/48</c>.</summary>
    public string Prefix48 => $"{Address(0, 0)}/48";

    /// <summary>The clients' /64 (subnet 1), as dnsmasq's dhcp-range takes it: <c>fd..:1::</c>.</summary>
    public IPAddress ClientNetwork => Address(1, 0);

    /// <summary>The router's address on the clients' LAN.</summary>
    public IPAddress ClientGateway => Address(1, 1);

    /// <summary>The router's address on the server link.</summary>
    public IPAddress ServerRouter => Address(2, 1);

    /// <summary>The lab server's address.</summary>
    public IPAddress Server => Address(2, 2);

    /// <summary>First and last address dnsmasq leases by DHCPv6: ::1:0 to ::ffff:ffff of the clients' /64, clear of the router.</summary>
    public (IPAddress First, IPAddress Last) Dhcpv6Range => (Address(1, 0x1_0000), Address(1, 0xffff_ffff));

    public const int SubnetPrefixLength = 64;

    public override string ToString() => Prefix48;

    public bool Equals(UlaPrefix? other) => other is not null && _globalId.AsSpan().SequenceEqual(other._globalId);

    public override int GetHashCode() => HashCode.Combine(_globalId[0], _globalId[1], _globalId[2], _globalId[3], _globalId[4]);

    private IPAddress Address(ushort subnet, uint host)
    {
        var bytes = new byte[16];
        bytes[0] = 0xfd;
        _globalId.CopyTo(bytes, 1);
        bytes[6] = (byte)(subnet >> 8);
        bytes[7] = (byte)subnet;
        bytes[12] = (byte)(host >> 24);
        bytes[13] = (byte)(host >> 16);
        bytes[14] = (byte)(host >> 8);
        bytes[15] = (byte)host;
        return new IPAddress(bytes);
    }

}
