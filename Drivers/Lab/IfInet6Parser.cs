using System.Globalization;
using System.Net;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// Parses /proc/net/if_inet6 (one line per address: 32 hex digits, then interface index, prefix length, scope and
/// flags in hex, then the device), e.g. <c>fd12345678900001f464d1fffe3f1a45 02 40 00 80     eth0</c>. A namespace's
/// view is what a reader inside it sees, so the lab reads the copy opened there (<see cref="Ipv6AddressWatch"/>).
/// </summary>
public static class IfInet6Parser
{
    public static IReadOnlyList<Inet6Address> Parse(string content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        var addresses = new List<Inet6Address>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
            {
                continue;
            }

            if (fields.Length != 6 || fields[0].Length != 32 || !fields[0].All(char.IsAsciiHexDigit) ||
                !TryHex(fields[1], out var index) || !TryHex(fields[2], out var prefix) || prefix > 128 ||
                !TryHex(fields[3], out var scope) || !TryHex(fields[4], out var flags))
            {
                throw new HostFileFormatException(path, i + 1,
                    "an address of 32 hex digits, then interface index, prefix length, scope and flags in hex, then a device name", lines[i]);
            }

            addresses.Add(new Inet6Address(new IPAddress(Convert.FromHexString(fields[0])), index, prefix, scope, flags, fields[5]));
        }

        return addresses;
    }

    private static bool TryHex(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
