using System.Globalization;

namespace NetnsBdd.Tests.Health;

/// <summary>Two-core /proc/stat whose counters advance 100 jiffies per core per read, at a fixed busy share.</summary>
internal static class SyntheticProcStat
{
    public static string Generate(int read, int busyPercent)
    {
        long busy = (long)read * busyPercent;
        long idle = (long)read * (100 - busyPercent);
        return string.Create(CultureInfo.InvariantCulture, $"""
            cpu  {2 * busy} 0 0 {2 * idle} 0 0 0 0 0 0
            cpu0 {busy} 0 0 {idle} 0 0 0 0 0 0
            cpu1 {busy} 0 0 {idle} 0 0 0 0 0 0
            intr 0
            ctxt 0

            """);
    }
}
