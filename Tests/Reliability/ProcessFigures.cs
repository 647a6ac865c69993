using System.Globalization;

namespace NetnsBdd.Tests.Reliability;

/// <summary>
/// A process's own footprint after a round: managed heap after a full collection, resident set (VmRSS), open file
/// descriptors (/proc/self/fd) and threads. Printed as "round=N managed=B rss=B fds=N threads=N" and parsed back.
/// </summary>
internal sealed record ProcessFigures(int Round, long ManagedBytes, long ResidentBytes, int Descriptors, int Threads)
{
    public static ProcessFigures Take(int round)
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var status = File.ReadAllLines("/proc/self/status");
        long Field(string name) => long.Parse(
            status.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return new ProcessFigures(round, managed, Field("VmRSS") * 1024, Directory.GetFileSystemEntries("/proc/self/fd").Length, (int)Field("Threads"));
    }

    public static ProcessFigures Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return new ProcessFigures(
            int.Parse(fields["round"], CultureInfo.InvariantCulture), long.Parse(fields["managed"], CultureInfo.InvariantCulture),
            long.Parse(fields["rss"], CultureInfo.InvariantCulture), int.Parse(fields["fds"], CultureInfo.InvariantCulture),
            int.Parse(fields["threads"], CultureInfo.InvariantCulture));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"round={Round} managed={ManagedBytes} rss={ResidentBytes} fds={Descriptors} threads={Threads}");

    public string Readable => string.Create(CultureInfo.InvariantCulture,
        $"after round {Round,3}: managed {ManagedBytes / 1048576.0,5:0.0} MB, RSS {ResidentBytes / 1048576.0,6:0.0} MB, {Descriptors} fds, {Threads} threads");
}
