namespace NetnsBdd.Support.Merge;

/// <summary>What a merge read: each host's run, each scenario across the hosts, and the hosts expected but absent.</summary>
public sealed record FleetReport(IReadOnlyList<HostRun> Runs, IReadOnlyList<FleetScenario> Scenarios, IReadOnlyList<string> MissingHosts)
{
    /// <summary>Hosts with a scenario that did not pass (or that their run never reached).</summary>
    public IReadOnlyList<string> FailedHosts => [.. Runs.Select(r => r.Host).Where(h => Of(h).Any(s => !s.Passed))];

    /// <summary>One host's part of every scenario, in order (a scenario its run never reached included).</summary>
    public IReadOnlyList<HostScenario> Of(string host) => [.. Scenarios.Select(s => s.Hosts.Single(h => h.Host == host))];
}
