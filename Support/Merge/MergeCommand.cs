namespace NetnsBdd.Support.Merge;

/// <summary>
/// `dotnet NetnsBdd.dll merge RUN_FOLDER... --out FOLDER [--hosts a,b,c]`: several hosts' run folders into one fleet
/// report (fleet.md, fleet.json, charts, junit.xml). --hosts names every host that should have run, so a host whose
/// job never uploaded its folder is reported missing. Exit 0 when every host passed and none is missing, 1 when the
/// report says otherwise, 2 on input it cannot merge.
/// </summary>
public static class MergeCommand
{
    public const string Verb = "merge";

    public const string Usage = "usage: merge RUN_FOLDER... --out FOLDER [--hosts HOST,HOST,...]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var folders = new List<string>();
        string? outFolder = null;
        string[]? hosts = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    outFolder = args[++i];
                    break;
                case "--hosts" when i + 1 < args.Length:
                    hosts = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    error.WriteLine($"merge: unknown or incomplete option '{option}'. {Usage}");
                    return 2;
                default:
                    folders.Add(args[i]);
                    break;
            }
        }

        if (outFolder is null || folders.Count == 0)
        {
            error.WriteLine($"merge: {(outFolder is null ? "--out FOLDER is missing" : "no run folder given")}. {Usage}");
            return 2;
        }

        try
        {
            var report = FleetMerge.Read(folders, hosts);
            var files = FleetMerge.Write(report, outFolder);
            foreach (var scenario in report.Scenarios)
            {
                output.WriteLine(FormattableString.Invariant(
                    $"{scenario.Title}: {scenario.Hosts.Count} hosts, {scenario.Clients.Count} clients, combined {scenario.CombinedGoodputMbps:0.###} Mbit/s while all downloaded, fairness {scenario.Fairness:0.####}, start spread {scenario.HostStartSpreadSeconds * 1000:0.#} ms"));
            }

            if (report.MissingHosts.Count > 0)
            {
                output.WriteLine($"missing hosts: {string.Join(", ", report.MissingHosts)}");
            }

            if (report.FailedHosts.Count > 0)
            {
                output.WriteLine($"failed hosts: {string.Join(", ", report.FailedHosts)}");
            }

            output.WriteLine($"fleet report: {Path.GetFullPath(Path.Combine(outFolder, FleetMerge.ReportMarkdown))} ({files.Count} files)");
            return report.MissingHosts.Count == 0 && report.FailedHosts.Count == 0 ? 0 : 1;
        }
        catch (FleetMergeException e)
        {
            error.WriteLine($"merge: {e.Message}");
            return 2;
        }
    }
}
