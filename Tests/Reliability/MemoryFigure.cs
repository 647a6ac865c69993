using System.Globalization;

namespace NetnsBdd.Tests.Reliability;

/// <summary>The process's memory after a scenario: the managed heap after a full collection, and the resident set.</summary>
internal sealed record MemoryFigure(int Scenario, long ManagedBytes, long ResidentBytes)
{
    public static MemoryFigure Take(int scenario)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        return new MemoryFigure(scenario, managed, ResidentSetBytes());
    }

    /// <summary>VmRSS of /proc/self/status, which the kernel gives in kB.</summary>
    private static long ResidentSetBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"after scenario {Scenario,2}: managed {ManagedBytes / 1048576.0,6:0.0} MB, RSS {ResidentBytes / 1048576.0,6:0.0} MB");
}
