using System.Globalization;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// Packets the host dropped because a CPU's input backlog was full (net.core.netdev_max_backlog): the second column of
/// /proc/net/softnet_stat (hex, one line per CPU), summed. Every veth packet of the lab passes that backlog, so this is
/// where a burst of many clients loses packets; host-wide, so another lab running meanwhile counts too.
/// </summary>
internal static class BacklogDrops
{
    public static long Total() => File.ReadLines("/proc/net/softnet_stat")
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .Where(fields => fields.Length > 1)
        .Sum(fields => long.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
