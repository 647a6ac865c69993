using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Soak;

namespace NetnsBdd.Support;

/// <summary>The scenario's soak: the faults its Given steps asked for, and the run the When step made (also when it failed half-way).</summary>
public sealed class SoakContext
{
    private readonly List<LabFault> _faults = [];
    private SoakRun? _run;

    public IReadOnlyList<LabFault> Faults => _faults;

    public void Add(LabFault fault) => _faults.Add(fault);

    public SoakRun Run
    {
        get => _run ?? throw new InvalidOperationException(
            "No soak has run in this scenario: add \"When all clients download in rounds for 1 minute\" (or \"... download 10 rounds\") before this step.");
        set => _run = value;
    }

    public SoakRun? RunOrNull => _run;

    /// <summary>
    /// Runs the soak on <paramref name="lab"/> with <paramref name="plan"/>'s download in every round (round 1 released
    /// at the plan's start instant when it has one), its rounds
    /// streamed into <paramref name="folder"/>, the router watched from the lab's probe client (gateway as the client
    /// sees it, server from the URL: in uplink mode the real router's DHCP gateway and Download:Url), and the faults
    /// asked for (checked before the first round: embedded lab only).
    /// </summary>
    public async Task<SoakRun> RunAsync(LabDriver lab, DownloadPlan plan, DownloadManager manager, SoakSchedule schedule, string folder, TextWriter progress, CancellationToken cancellationToken)
    {
        var faults = _faults.Select(f => lab.Prepare(f, plan)).ToArray();
        var request = await lab.RequestForAsync(plan, cancellationToken).ConfigureAwait(false);
        var probe = lab.ProbeClient;
        var server = probe is null ? null
            : (await LatencyPlan.ForAsync(lab.Clients, probe, request.Url, null, 1,
                request.Family ?? System.Net.Sockets.AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false)).Server.Address;
        // The scenario's own manager (its engine choice, start schedule and health mark), one line a round, not a client.
        var setup = new SoakSetup(lab.ClientNamespaces, request, manager.WithLog(TextWriter.Null), schedule, folder)
        {
            WatchFrom = probe,
            Server = server,
            Faults = faults,
            Leases = [.. lab.Clients.Concat(probe is null ? [] : [probe]).Where(c => c.DhcpServer is not null)],
        };
        var driver = new SoakDriver(progress);
        // The soak judges rounds, not byte counts against the server: its per-transfer records would grow all soak long.
        driver.RoundEnded += _ => lab.Server?.ClearTransfers();
        return await driver.RunAsync(setup, cancellationToken, run => _run = run).ConfigureAwait(false);
    }
}
