using System.Net;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Lab;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// What a soak runs: the clients and their request (every round the same; its start instant, if any, releases round 1),
/// the manager that runs each round, the schedule, where rounds.ndjson goes,
/// who watches the router (a client that downloads nothing, and the server's address; none: no watch) and the faults.
/// </summary>
public sealed record SoakSetup(IReadOnlyList<string> Clients, DownloadRequest Request, DownloadManager Manager, SoakSchedule Schedule, string Folder)
{
    public LabClient? WatchFrom { get; init; }

    public IPAddress? Server { get; init; }

    /// <summary>Between two probes of one target: an outage's edges are known within half of it.</summary>
    public TimeSpan WatchInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public IReadOnlyList<ScheduledFault> Faults { get; init; } = [];

    /// <summary>Clients whose DHCP leases the soak renews at T1 (half the lease after it was bound), as a client would.</summary>
    public IReadOnlyList<LabClient> Leases { get; init; } = [];
}
