
namespace NetnsBdd.Drivers.Soak;

/// <summary>What the router watch saw: from where, to what, every probe and the outages; Failure when the probe stopped early.</summary>
public sealed record RouterWatchResult(
    string From, string GatewayAddress, string ServerAddress, TimeSpan Interval, IReadOnlyList<WatchProbe> Probes,
    IReadOnlyList<Outage> Outages, string? Failure)
{
    /// <summary>How long, before the soak began, the gateway and the server took to answer their first probe (see RouterWatch.ReadyLimit).</summary>
    public double ReadySeconds { get; init; }
}
