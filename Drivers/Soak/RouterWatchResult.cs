using System.Text.Json.Nodes;

namespace NetnsBdd.Drivers.Soak;

/// <summary>What the router watch saw: from where, to what, every probe and the outages; Failure when the probe stopped early.</summary>
public sealed record RouterWatchResult(
    string From, string GatewayAddress, string ServerAddress, TimeSpan Interval, IReadOnlyList<WatchProbe> Probes,
    IReadOnlyList<Outage> Outages, string? Failure)
{
    /// <summary>How long, before the soak began, the gateway and the server took to answer their first probe (see RouterWatch.ReadyLimit).</summary>
    public double ReadySeconds { get; init; }

    public JsonObject ToJson() => new()
    {
        ["readySeconds"] = Math.Round(ReadySeconds, 3),
        ["from"] = From,
        ["gateway"] = GatewayAddress,
        ["server"] = ServerAddress,
        ["intervalSeconds"] = Interval.TotalSeconds,
        ["failure"] = Failure,
        ["probesSent"] = Probes.Count,
        ["probesLost"] = Probes.Count(p => p.Lost),
        ["outages"] = new JsonArray([.. Outages.Select(o => (JsonNode)o.ToJson())]),
        // Compact: [target, seconds into the soak, rtt ms or null] per probe.
        ["probes"] = new JsonArray([.. Probes.Select(p => (JsonNode)new JsonArray(
            p.Target, Math.Round(p.SentSeconds, 3), p.RttMs is { } r ? Math.Round(r, 3) : null))]),
    };
}
