using System.Globalization;

namespace NetnsBdd.Drivers.Lab;

/// <summary>
/// The content of a run file: which process owns the run. The process's start time (field 22 of /proc/PID/stat)
/// guards against pid reuse: a recycled pid with another start time is a dead run.
/// </summary>
public sealed record RunRecord(int ProcessId, long ProcessStartTicks)
{
    public static RunRecord ForCurrentProcess() => new(Environment.ProcessId, StartTicksOf(Environment.ProcessId) ?? 0);

    public bool IsOwnerAlive() => StartTicksOf(ProcessId) is { } ticks && ticks == ProcessStartTicks;

    public string Serialize() =>
        string.Create(CultureInfo.InvariantCulture, $"pid={ProcessId}\nstart={ProcessStartTicks}\n");

    /// <summary>Null when the text is not a run record (then the run is treated as unknown, not dead).</summary>
    public static RunRecord? Parse(string text)
    {
        var values = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
        return values.TryGetValue("pid", out var pid) && int.TryParse(pid, CultureInfo.InvariantCulture, out var id) &&
               values.TryGetValue("start", out var start) && long.TryParse(start, CultureInfo.InvariantCulture, out var ticks)
            ? new RunRecord(id, ticks)
            : null;
    }

    private static long? StartTicksOf(int pid)
    {
        try
        {
            // The main thread's stat (its start time is the process's): qemu user-mode emulation answers
            // /proc/self/stat and /proc/OWN-PID/stat itself with a start time of its own (e.g. 243628 where the kernel
            // says 243599), so a run under qemu would record a start time every other process reads as a dead owner,
            // and their reapers would delete its live lab. This path reaches the kernel's file everywhere.
            var stat = File.ReadAllText($"/proc/{pid}/task/{pid}/stat");
            // Fields after the command name, which may itself hold spaces and ')'; starttime is field 22 overall.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
