namespace NetnsBdd.Support.Fleet;

/// <summary>What a merge read: each host's run, each scenario across the hosts, and the hosts expected but absent.</summary>
public sealed record FleetReport(IReadOnlyList<HostRun> Runs, IReadOnlyList<FleetScenario> Scenarios, IReadOnlyList<string> MissingHosts)
{
    /// <summary>Hosts with a scenario that did not pass.</summary>
    public IReadOnlyList<string> FailedHosts => [.. Runs.Where(r => r.Scenarios.Any(s => !s.Passed)).Select(r => r.Host)];
}
