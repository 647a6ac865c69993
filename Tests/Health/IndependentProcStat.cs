using System.Globalization;

namespace NetnsBdd.Tests.Health;

/// <summary>Deliberately not the production parser: a plain split over /proc/stat's aggregate line, to check it against.</summary>
internal static class IndependentProcStat
{
    public static (long Busy, long Total) Read()
    {
        var line = File.ReadLines("/proc/stat").First();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }

    public static double BusyPercent((long Busy, long Total) first, (long Busy, long Total) last) =>
        100.0 * (last.Busy - first.Busy) / (last.Total - first.Total);
}
