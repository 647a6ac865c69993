namespace NetnsBdd.Support.Merge;

/// <summary>One host's run folder (results/&lt;UTC time&gt;-&lt;host&gt;/): its scenarios' results, in the order they ran.</summary>
public sealed record HostRun(string Folder, string Host, IReadOnlyList<HostScenario> Scenarios)
{
    /// <summary>Reads a run folder, refusing with the fix what is not one.</summary>
    public static HostRun Read(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full))
        {
            throw new FleetMergeException($"Run folder '{folder}' does not exist; give the folders each host's run wrote (results/<UTC time>-<host>/, or the artifact each CI job uploaded).");
        }

        var results = Directory.GetDirectories(full).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, Reports.ScenarioArtifacts.ResultsJson)).Where(File.Exists).ToArray();
        if (results.Length == 0)
        {
            var inner = Directory.GetDirectories(full).Where(d => Directory.GetDirectories(d).Any(s => File.Exists(Path.Combine(s, Reports.ScenarioArtifacts.ResultsJson)))).ToArray();
            var hint = inner.Length > 0
                ? $" It holds run folders ({string.Join(", ", inner.Select(Path.GetFileName).Take(3))}{(inner.Length > 3 ? ", ..." : "")}): give those instead."
                : "";
            throw new FleetMergeException(
                $"'{folder}' is not a run folder: it holds no scenario folder with {Reports.ScenarioArtifacts.ResultsJson}. A run folder is what one `dotnet test` run wrote, results/<UTC time>-<host>/ (e.g. results/latest).{hint}");
        }

        // Runs written before hosts were recorded: the folder's own name (the link's target for results/latest).
        var fallback = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.Name ?? Path.GetFileName(full.TrimEnd('/'));
        var scenarios = results.Select(r => HostScenario.Read(r, fallback)).ToArray();
        var hosts = scenarios.Select(s => s.Host).Distinct().ToArray();
        if (hosts.Length > 1)
        {
            throw new FleetMergeException($"Run folder '{folder}' mixes hosts ({string.Join(", ", hosts)}): it is not one host's run; give each host's run folder separately.");
        }

        return new HostRun(full, hosts[0], scenarios);
    }
}
