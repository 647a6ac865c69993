using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace NetnsBdd.Drivers.Lab;

/// <summary>An IPv4 network in CIDR form, with the arithmetic the lab's address plan needs.</summary>
public sealed record Ipv4Subnet
{
    private Ipv4Subnet(uint network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    public uint Network { get; }

    public int PrefixLength { get; }

    /// <summary>Addresses usable by hosts: all but the network and broadcast addresses (both usable on a /31 or /32).</summary>
    public long HostCount => PrefixLength >= 31 ? 1L << (32 - PrefixLength) : (1L << (32 - PrefixLength)) - 2;

    public IPAddress NetworkAddress => ToAddress(Network);

    public IPAddress Mask => ToAddress(MaskBits);

    private uint MaskBits => PrefixLength == 0 ? 0 : uint.MaxValue << (32 - PrefixLength);

    /// <summary>The <paramref name="index"/>-th host address, counting from 1 (the first after the network address).</summary>
    public IPAddress Host(long index)
    {
        if (index < 1 || index > HostCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{this} has hosts 1..{HostCount}.");
        }

        return ToAddress((uint)(Network + (PrefixLength >= 31 ? index - 1 : index)));
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && (ToBits(address) & MaskBits) == Network;

    public bool Overlaps(Ipv4Subnet other)
    {
        var shorter = Math.Min(PrefixLength, other.PrefixLength);
        var mask = shorter == 0 ? 0 : uint.MaxValue << (32 - shorter);
        return (Network & mask) == (other.Network & mask);
    }

    public bool IsInside(Ipv4Subnet outer) => PrefixLength >= outer.PrefixLength && outer.Contains(NetworkAddress);

    /// <summary>The longest prefix whose subnet still holds <paramref name="hosts"/> host addresses.</summary>
    public static int PrefixFor(long hosts)
    {
        for (var prefix = 30; prefix >= 0; prefix--)
        {
            if ((1L << (32 - prefix)) - 2 >= hosts)
            {
                return prefix;
            }
        }

        return 0;
    }

    /// <summary>Parses "a.b.c.d/len"; host bits must be zero so a typo like 198.18.5.0/16 is caught, not silently widened.</summary>
    public static bool TryParse(string? text, out Ipv4Subnet subnet, out string problem)
    {
        subnet = null!;
        problem = "";
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !IPAddress.TryParse(parts[0], out var address) ||
            address.AddressFamily != AddressFamily.InterNetwork || parts[0].Count(c => c == '.') != 3 ||
            !int.TryParse(parts[1], out var prefix) || prefix is < 0 or > 32)
        {
            problem = $"'{text}' is not an IPv4 subnet in CIDR form; write it like 198.18.0.0/16.";
            return false;
        }

        var bits = ToBits(address);
        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        if ((bits & ~mask) != 0)
        {
            problem = $"'{text}' has host bits set; did you mean {ToAddress(bits & mask)}/{prefix}?";
            return false;
        }

        subnet = new Ipv4Subnet(bits, prefix);
        return true;
    }

    public static Ipv4Subnet Parse(string text) =>
        TryParse(text, out var subnet, out var problem) ? subnet : throw new FormatException(problem);

    public override string ToString() => $"{NetworkAddress}/{PrefixLength}";

    private static uint ToBits(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    private static IPAddress ToAddress(uint bits)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, bits);
        return new IPAddress(bytes);
    }
}
