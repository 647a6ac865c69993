using System.Globalization;
using System.Runtime.InteropServices;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// Busy CPU time of the whole host (all cores, /proc/stat: everything but idle and iowait), in seconds: what a
/// transfer costs the machine, server, kernel and client together. Other work on the host counts too.
/// </summary>
internal static partial class HostCpu
{
    private const int ScClkTck = 2;

    public static double BusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields.Sum() - fields[3] - fields[4]) / (double)sysconf(ScClkTck);
    }

    [LibraryImport("libc")]
    private static partial long sysconf(int name);
}
