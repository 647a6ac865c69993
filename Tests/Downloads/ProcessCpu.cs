using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace NetnsBdd.Tests.Downloads;

/// <summary>
/// CPU time of the test host itself and of its reaped descendants (/proc/self/stat cutime + cstime). wget is a
/// grandchild (`ip netns exec` execs `timeout`, which forks wget and waits for it), so its time rolls into timeout's
/// cutime and, once .NET reaps timeout, into ours.
/// </summary>
internal readonly partial record struct ProcessCpu(TimeSpan Self, TimeSpan Children)
{
    private const int ScClkTck = 2;

    public static ProcessCpu Now()
    {
        var stat = File.ReadAllText("/proc/self/stat");

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        var ticksPerSecond = (double)sysconf(ScClkTck);
        var children = (Field(16) + Field(17)) / ticksPerSecond;
        using var self = Process.GetCurrentProcess();
        return new ProcessCpu(self.TotalProcessorTime, TimeSpan.FromSeconds(children));
    }

    public static ProcessCpu operator -(ProcessCpu after, ProcessCpu before) =>
        new(after.Self - before.Self, after.Children - before.Children);

    [LibraryImport("libc")]
    private static partial long sysconf(int name);
}
