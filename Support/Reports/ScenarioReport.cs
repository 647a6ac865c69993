using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Latency;

namespace NetnsBdd.Support.Reports;

/// <summary>Everything one scenario leaves behind for its artifacts; whatever it never got to is null.</summary>
/// <param name="Status">The scenario's outcome as the runner names it, e.g. "Passed" or "Failed".</param>
public sealed record ScenarioReport(string Title, string Status)
{
    public string? ErrorMessage { get; init; }

    /// <summary>The host that ran the scenario (Fleet:Host), so results from several hosts never collide.</summary>
    public string? Host { get; init; }

    public DownloadRun? Download { get; init; }

    /// <summary>The uploads of the scenario's load (an upload, or the upload half of a load both ways); null when none ran.</summary>
    public DownloadRun? Upload { get; init; }

    /// <summary>The rate the lab shaped the router's upstream to, in Mbit/s; null when unshaped.</summary>
    public double? UpstreamShapedRateMbps { get; init; }

    /// <summary>True when the router sent pure TCP ACKs ahead of its upstream queues.</summary>
    public bool UpstreamAckPriority { get; init; }

    public HealthSeries? Health { get; init; }

    /// <summary>The rate the lab shaped the shared link to, in Mbit/s; each client's fair share is this over N.</summary>
    public double? ShapedRateMbps { get; init; }

    /// <summary>The latency probes around the parallel download; null when they were off or no download ran.</summary>
    public LatencyMeasurement? Latency { get; init; }

    /// <summary>The lab as built: mode, attach mode, and each client's address, gateway and DHCP lease.</summary>
    public Results.LabJson? Lab { get; init; }

    /// <summary>The soak (rounds, faults, router watch), also one cut short by a failure; null when none ran.</summary>
    public Drivers.Soak.SoakRun? Soak { get; init; }
}
