using System.Text.Json.Nodes;

namespace NetnsBdd.Drivers.Soak;

/// <summary>What the router watch saw: from where, to what, every probe and the outages; Failure when the probe stopped early.</summary>
public sealed record RouterWatchResult(
    string From, string GatewayAddress, string ServerAddress, TimeSpan Interval, IReadOnlyList<WatchProbe> Probes,
    IReadOnlyList<Outage> Outages, string? Failure)
{
    public JsonObject ToJson() => new()
    {
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
