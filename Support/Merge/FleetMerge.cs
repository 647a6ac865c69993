using System.Globalization;
using System.Text;
using System.Text.Json;
using NetnsBdd.Support.Reports;

namespace NetnsBdd.Support.Merge;

/// <summary>
/// Several hosts' run folders of the same feature, merged into one fleet report: per scenario the combined goodput
/// over the window all hosts were downloading, fairness over every client of every host, each host's figures, the
/// spread of the hosts' starts, charts, and one JUnit file; hosts that failed or are missing are named.
/// </summary>
public static class FleetMerge
{
    public const string ReportJson = "fleet.json";
    public const string ReportMarkdown = "fleet.md";
    public const string JUnitXml = "junit.xml";

    /// <summary>The status of a scenario a host's run never reached.</summary>
    public const string NotRun = "NotRun";

    /// <summary>Reads and checks the run folders; throws <see cref="FleetMergeException"/> naming any that cannot be merged.</summary>
    /// <param name="expectedHosts">Hosts that should have run (the CI matrix); those without a folder are reported missing.</param>
    public static FleetReport Read(IReadOnlyList<string> runFolders, IReadOnlyList<string>? expectedHosts = null)
    {
        if (runFolders.Count == 0)
        {
            throw new FleetMergeException("No run folders given: name at least one (usually one per host), e.g. merge results/pi-01 results/pi-02 --out fleet.");
        }

        var runs = runFolders.Select(HostRun.Read).ToArray();
        var twice = runs.GroupBy(r => r.Host, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new FleetMergeException(
                $"Host '{twice.Key}' has more than one run folder ({string.Join(", ", twice.Select(r => r.Folder))}): give one run per host, or give each host its own Fleet:Host.");
        }

        // A run that stopped early (killed, its runner lost) holds the first scenarios of the others: it is merged, and
        // the scenarios it never reached count as failed on it. Anything else is a different feature or filter.
        var reference = runs.MaxBy(r => r.Scenarios.Count)!;
        var titles = reference.Scenarios.Select(s => s.Title).ToArray();
        foreach (var run in runs.Where(r => r != reference))
        {
            var other = run.Scenarios.Select(s => s.Title).ToArray();
            if (!other.SequenceEqual(titles.Take(other.Length), StringComparer.Ordinal))
            {
                throw new FleetMergeException(
                    $"The run folders hold different scenarios: '{reference.Folder}' (host {reference.Host}) ran {Quote(titles)}, " +
                    $"'{run.Folder}' (host {run.Host}) ran {Quote(other)}. Merge the runs of one feature (the same filter on every host).");
            }
        }

        var scenarios = titles.Select((t, i) => new FleetScenario(t, [.. runs.Select(r => i < r.Scenarios.Count
            ? r.Scenarios[i]
            : new HostScenario(r.Host, r.Folder, t, NotRun, "the host's run ended before this scenario (stopped, killed or its runner lost)"))])).ToArray();
        var missing = (expectedHosts ?? []).Except(runs.Select(r => r.Host), StringComparer.Ordinal).ToArray();
        return new FleetReport(runs, scenarios, missing);
    }

    /// <summary>Writes fleet.json, fleet.md, the charts and junit.xml into <paramref name="outFolder"/>; returns the files.</summary>
    public static IReadOnlyList<string> Write(FleetReport report, string outFolder)
    {
        Directory.CreateDirectory(outFolder);
        var written = new List<string>();
        var charts = new Dictionary<string, List<string>>();
        var problems = new List<string>();
        for (var i = 0; i < report.Scenarios.Count; i++)
        {
            var scenario = report.Scenarios[i];
            var prefix = ScenarioFolderName.For(i + 1, scenario.Title);
            var files = charts[scenario.Title] = [];
            if (scenario.Downloading.Count == 0)
            {
                continue;
            }

            foreach (var (name, render) in new (string, Action<string>)[]
                     {
                         ($"{prefix}-throughput.png", p => FleetCharts.RenderThroughput(scenario, p)),
                         ($"{prefix}-hosts.png", p => FleetCharts.RenderHosts(scenario, p)),
                     })
            {
                var path = Path.Combine(outFolder, name);
                try
                {
                    render(path);
                    files.Add(name);
                    written.Add(path);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    problems.Add($"{name}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        var json = Path.Combine(outFolder, ReportJson);
        File.WriteAllText(json, ToJson(report, charts, problems));
        var markdown = Path.Combine(outFolder, ReportMarkdown);
        File.WriteAllText(markdown, ToMarkdown(report, charts));
        var junit = Path.Combine(outFolder, JUnitXml);
        FleetJUnit.Write(report, junit);
        written.InsertRange(0, [json, markdown, junit]);
        return written;
    }

    private static string Quote(IEnumerable<string> titles) => "[" + string.Join(", ", titles.Select(t => $"\"{t}\"")) + "]";

    private static double? Round(double? value, int digits) => value is { } v ? Math.Round(v, digits) : null;

    private static string Utc(DateTimeOffset? at) => at is { } a ? Drivers.Scheduling.ScheduledStart.Format(a) : "";

    private static string ToJson(FleetReport report, Dictionary<string, List<string>> charts, List<string> problems) =>
        JsonSerializer.Serialize(
            new FleetJson(
                [.. report.Runs.Select(r => new FleetHostJson(r.Host, r.Folder, report.FailedHosts.Contains(r.Host)))],
                report.MissingHosts,
                report.FailedHosts,
                [.. report.Scenarios.Select(s => Scenario(s, charts[s.Title]))])
            {
                ReportProblems = problems.Count > 0 ? problems : null,
            },
            FleetJsonContext.Default.FleetJson);

    private static FleetScenarioJson Scenario(FleetScenario s, List<string> charts) => new(
        s.Title,
        [.. s.StartInstants.Select(i => Utc(i))],
        Round(s.HostStartSpreadSeconds, 4),
        Round(s.ClientFirstByteSpreadSeconds, 4),
        s.CommonWindow is { } w ? new FleetWindowJson(Utc(w.Start), Utc(w.End), Math.Round((w.End - w.Start).TotalSeconds, 3)) : null,
        Round(s.CombinedGoodputMbps, 3),
        Round(s.OverallGoodputMbps, 3),
        s.Hosts.Sum(h => h.Bytes),
        s.Clients.Count,
        s.Clients.Count(c => c.Success),
        Round(s.Fairness, 4),
        Round(s.WindowFairness, 4),
        charts,
        [.. s.Hosts.Select(h => new FleetHostScenarioJson(
            h.Host, h.Status, h.Error, h.Folder, h.Clients.Count, h.Clients.Count(c => c.Success), h.Bytes, h.GoodputMbps,
            Round(s.HostMbpsInWindow(h), 3), h.Fairness, Utc(h.FirstByte), Utc(h.LastEnd), h.StartErrorSeconds))]);

    private static string ToMarkdown(FleetReport report, Dictionary<string, List<string>> charts)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Fleet report").AppendLine();
        md.AppendLine(inv, $"Hosts: {string.Join(", ", report.Runs.Select(r => r.Host))}.");
        md.AppendLine(report.MissingHosts.Count > 0 ? $"**Missing hosts** (no run folder): {string.Join(", ", report.MissingHosts)}." : "No host missing.");
        md.AppendLine(report.FailedHosts.Count > 0 ? $"**Failed hosts** (a scenario did not pass): {string.Join(", ", report.FailedHosts)}." : "No host failed.");
        foreach (var s in report.Scenarios)
        {
            md.AppendLine().AppendLine(inv, $"## {s.Title}").AppendLine();
            md.AppendLine(inv, $"- start instant(s): {(s.StartInstants.Count == 0 ? "none (each host started when ready)" : string.Join(", ", s.StartInstants.Select(i => Utc(i))))}");
            md.AppendLine(inv, $"- start spread across hosts (first response bytes): {Ms(s.HostStartSpreadSeconds)}; over every client: {Ms(s.ClientFirstByteSpreadSeconds)}");
            md.AppendLine(inv, $"- combined goodput while every host was downloading: {Mbps(s.CombinedGoodputMbps)}{(s.CommonWindow is { } w ? $" over {(w.End - w.Start).TotalSeconds:0.###} s ({Utc(w.Start)} to {Utc(w.End)})" : " (the hosts never downloaded at the same time)")}");
            md.AppendLine(inv, $"- all file bytes from the first response to the last byte: {Mbps(s.OverallGoodputMbps)} ({s.Hosts.Sum(h => h.Bytes)} bytes)");
            md.AppendLine(inv, $"- fairness (Jain) over all {s.Clients.Count} clients of all hosts: {s.Fairness:0.####} over each client's average, {s.WindowFairness:0.####} over their rates while every host was downloading; {s.Clients.Count(c => c.Success)} succeeded").AppendLine();
            md.AppendLine("| Host | Status | Clients ok | Bytes | Goodput Mbit/s | Mbit/s in common window | Fairness | First byte (UTC) | Start error |");
            md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var h in s.Hosts)
            {
                md.AppendLine(inv,
                    $"| {h.Host} | {h.Status} | {h.Clients.Count(c => c.Success)}/{h.Clients.Count} | {h.Bytes} | {h.GoodputMbps:0.###} | {s.HostMbpsInWindow(h):0.###} | {h.Fairness:0.####} | {Utc(h.FirstByte)} | {Ms(h.StartErrorSeconds)} |");
            }

            foreach (var chart in charts[s.Title])
            {
                md.AppendLine().AppendLine(inv, $"![{chart}]({chart})");
            }
        }

        return md.ToString();
    }

    private static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "n/a";

    private static string Mbps(double? mbps) => mbps is { } m ? m.ToString("0.###", CultureInfo.InvariantCulture) + " Mbit/s" : "n/a";
}
