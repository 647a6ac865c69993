using System.Globalization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Latency;

namespace NetnsBdd.Support.Reports;

/// <summary>The handful of numbers a reader of the run report wants per scenario, as label → text.</summary>
public static class KeyFigures
{
    public static IReadOnlyDictionary<string, string> Of(ScenarioReport report)
    {
        var figures = new Dictionary<string, string>();
        if (report.Download?.Aggregate is { } a)
        {
            figures["clients"] = Invariant($"{a.Clients} ({a.Succeeded} ok, {a.Interrupted} interrupted, {a.Failed} failed)");
            figures["aggregate"] = Invariant($"{a.AggregateMbps:0.#} Mbit/s over {a.WallSeconds:0.###} s");
            figures["bytes"] = Invariant($"{a.TotalBytes}");
            figures["duration min / median / p95 / max"] = Invariant($"{a.MinDuration:0.###} / {a.MedianDuration:0.###} / {a.P95Duration:0.###} / {a.MaxDuration:0.###} s");
            figures["spawn / first-byte spread"] = Invariant(
                $"{a.SpawnSpreadSeconds * 1000:0.#} / {(a.FirstByteSpreadSeconds is { } f ? (f * 1000).ToString("0.#", CultureInfo.InvariantCulture) : "n/a")} ms ({a.Gated} of {a.Clients} gated)");
            figures["fairness (Jain)"] = Invariant($"{a.Fairness:0.###}");
        }

        if (report.Upload?.Aggregate is { } up)
        {
            figures["upload clients"] = Invariant($"{up.Clients} ({up.Succeeded} ok, {up.Interrupted} interrupted, {up.Failed} failed)");
            figures["upload aggregate"] = Invariant($"{up.AggregateMbps:0.#} Mbit/s over {up.WallSeconds:0.###} s, goodput {(up.GoodputMbps is { } g ? g.ToString("0.#", CultureInfo.InvariantCulture) : "n/a")} Mbit/s");
            figures["upload fairness (Jain)"] = Invariant($"{up.Fairness:0.###}");
        }

        if (report.UpstreamShapedRateMbps is { } upstream)
        {
            figures["router upstream shaped to"] = Invariant($"{upstream:0.##} Mbit/s{(report.UpstreamAckPriority ? ", TCP ACKs first" : "")}");
        }

        if (report.ShapedRateMbps is { } shaped)
        {
            figures["router shaped to"] = Invariant($"{shaped:0.##} Mbit/s");
        }

        if (report.Latency is { } latency)
        {
            figures["latency idle / loaded median"] = Invariant($"{latency.SelfIdle.MedianMs:0.###} / {latency.SelfLoaded.MedianMs:0.###} ms (self, ICMP)");
            figures["added latency"] = Invariant($"{latency.AddedMs:0.#} ms, grade {latency.Grade?.Name() ?? "n/a"}");
            if (latency.Direction.HasUpload())
            {
                figures["latency added by the upload"] = Invariant($"{latency.UploadAddedMs:0.#} ms (echoes to the server), grade {latency.UploadGrade?.Name() ?? "n/a"}");
            }

            figures["responsiveness"] = Invariant($"{latency.Rpm:0} RPM ({latency.RpmClass?.ToString() ?? "n/a"})");
        }

        if (report.Health is { Samples.Count: > 0 } health)
        {
            figures["health samples"] = Invariant($"{health.Samples.Count}");
            figures["max CPU"] = health.MaxCpuPercent is { } cpu ? Invariant($"{cpu:0.#} %") : "n/a";
            figures["max CPU of the suite's processes"] = health.MaxSuiteCpuPercent is { } suite ? Invariant($"{suite:0.#} %") : "n/a";
            figures["max temperature"] = health.MaxTemperatureCelsius is { } t ? Invariant($"{t:0.#} °C") : "n/a (no sensor)";
            figures["min available RAM"] = health.MinAvailableRamMegabytes is { } ram ? Invariant($"{ram:0} MB") : "n/a";
        }

        return figures;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
