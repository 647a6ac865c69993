namespace NetnsBdd.Drivers.Health;

/// <summary>CPU busy percentage between two <c>/proc/stat</c> reads.</summary>
public static class CpuUsage
{
    /// <returns>Busy share of the elapsed ticks in percent, or null when no tick elapsed.</returns>
    public static double? Percent(CpuTicks previous, CpuTicks current)
    {
        // Counters can step back briefly on some kernels (e.g. iowait); clamp rather than report negative load.
        var total = Math.Max(0, current.Total - previous.Total);
        if (total == 0)
        {
            return null;
        }

        var busy = Math.Clamp(current.Busy - previous.Busy, 0, total);
        return 100.0 * busy / total;
    }

    /// <summary>Per-core percentages for cores present in both reads (cores can go offline on a Pi).</summary>
    public static IReadOnlyList<CoreUsage> PerCore(CpuTimes previous, CpuTimes current)
    {
        var result = new List<CoreUsage>(current.Cores.Count);
        foreach (var core in current.Cores)
        {
            foreach (var before in previous.Cores)
            {
                if (before.Cpu != core.Cpu)
                {
                    continue;
                }

                if (Percent(before.Ticks, core.Ticks) is { } percent)
                {
                    result.Add(new CoreUsage(core.Cpu, percent));
                }

                break;
            }
        }

        return result;
    }
}
