using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Namespaces;
using NetnsBdd.Drivers.Processes;

namespace NetnsBdd.Tests.Lab;

/// <summary>What the system still holds of a run prefix, as the tools show it: `ip netns list`, `ip link` and `tc qdisc`
/// in the host namespace, processes whose command line names the prefix, the run file/folder, and any file or folder
/// whose name holds the prefix in a place the suite writes to (<see cref="WrittenPlaces"/>: the scratch root, /tmp,
/// $TMPDIR, /var/tmp, /dev/shm and /run), not only the names the suite uses today.</summary>
internal static class LabLeftovers
{
    /// <summary>Every folder outside the results folder where the suite or its tests write (or once wrote).</summary>
    public static IReadOnlyList<string> WrittenPlaces { get; } =
        new[] { RunScratch.Root, Path.GetTempPath(), "/tmp", "/var/tmp", "/dev/shm", "/run" }
            .Select(p => p.TrimEnd('/')).Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToArray();

    public static async Task<IReadOnlyList<string>> FindAsync(string prefix, string runDirectory = "/run/nbdd")
    {
        var runner = new CommandRunner();
        var found = new List<string>();
        var netns = await runner.ExecuteAsync(new Command("ip", "netns", "list"));
        var links = await runner.ExecuteAsync(new Command("ip", "-o", "link", "show"));
        var qdiscs = await runner.ExecuteAsync(new Command("tc", "qdisc", "show"));
        found.AddRange(Lines(netns.StandardOutput, prefix).Select(l => "netns: " + l));
        found.AddRange(Lines(links.StandardOutput, prefix).Select(l => "link: " + l));
        found.AddRange(Lines(qdiscs.StandardOutput, prefix).Select(l => "qdisc: " + l));
        found.AddRange(ProcessesNaming(prefix).Select(p => "process: " + p));
        if (File.Exists(Path.Combine(runDirectory, prefix + ".run")) || Directory.Exists(Path.Combine(runDirectory, prefix)))
        {
            found.Add($"run file or folder: {Path.Combine(runDirectory, prefix)}*");
        }

        found.AddRange(WrittenPlaces.SelectMany(place => Directory.EnumerateFileSystemEntries(place, "*" + prefix + "*"))
            .Select(path => "file: " + path));
        if (Directory.Exists(NetnsEtcFolders.Root))
        {
            found.AddRange(Directory.GetDirectories(NetnsEtcFolders.Root, prefix + "*").Select(d => "start gate folder: " + d));
        }

        return found;
    }

    private static IEnumerable<string> Lines(string text, string prefix) =>
        text.Split('\n').Where(line => line.Contains(prefix, StringComparison.Ordinal));

    private static IEnumerable<string> ProcessesNaming(string prefix)
    {
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                continue;
            }

            if (commandLine.Contains(prefix, StringComparison.Ordinal))
            {
                yield return $"{pid} {commandLine}";
            }
        }
    }
}
