using System.Globalization;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// Deliberately not the production reader: the test host's process tree from each process's <c>status</c> file
/// (PPid line) and its CPU ticks from a plain split of <c>stat</c>, to check <see cref="Drivers.Health.SuiteProcesses"/> against.
/// </summary>
internal static class IndependentSuiteStat
{
    /// <summary>utime+stime+cutime+cstime of this process and its live descendants, in clock ticks.</summary>
    public static long Ticks()
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var ppid = File.ReadLines(Path.Combine(directory, "status")).First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // fields[0] is field 3 (state): utime..cstime are fields 14-17, i.e. fields[11..15].
                ticks[pid] = fields[11..15].Sum(f => long.Parse(f, CultureInfo.InvariantCulture));
                parents[pid] = int.Parse(ppid["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (InvalidOperationException)
            {
                // A status file read after the process died can come back empty.
            }
        }

        var root = Environment.ProcessId;
        long total = 0;
        foreach (var (pid, value) in ticks)
        {
            for (var p = pid; parents.TryGetValue(p, out var parent); p = parent)
            {
                if (p == root)
                {
                    total += value;
                    break;
                }
            }
        }

        return total;
    }
}
