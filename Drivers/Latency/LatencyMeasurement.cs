using System.Globalization;
using System.Text.Json.Nodes;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// Every probe of one parallel download and the windows that give them meaning: <see cref="Idle"/> (before the first
/// client started), <see cref="Loaded"/> (while every client was downloading: from the last client's first response
/// to the first client's end; the whole load period when that is empty, e.g. a client failed at once), and the
/// <see cref="Load"/> period (the download step's start to its end) that the charts shade.
/// <para>"Self" latency is the ICMP round trips from inside the downloading clients (to the gateway and to the
/// server together); the added latency is its loaded median minus its idle median, graded by
/// <see cref="BufferbloatGrades"/>. Responsiveness is 60000 / (½ TM(foreign TCP connect) + ½ TM(self)), TM being the
/// mean of the lowest 95 % (<see cref="LatencyStatistics.ResponsivenessTrim"/>) of the loaded probes, after the IETF
/// responsiveness draft's weighting of foreign (new-connection) and self (loaded-path) probes; self alone when the
/// probe client was not there.</para>
/// </summary>
public sealed class LatencyMeasurement
{
    public LatencyMeasurement(IReadOnlyList<ProbeSample> samples, LatencyWindow idle, LatencyWindow load, LatencyWindow loaded, bool loadedIsWholeLoad)
    {
        Samples = samples;
        Idle = idle;
        Load = load;
        Loaded = loaded;
        LoadedIsWholeLoad = loadedIsWholeLoad;
        SelfIdle = LatencySummary.Of(samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && idle.Contains(s)));
        SelfLoaded = LatencySummary.Of(samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && loaded.Contains(s)));
        ByKind = Enum.GetValues<ProbeKind>()
            .Where(k => samples.Any(s => s.Kind == k))
            .ToDictionary(k => k, k => (Idle: LatencySummary.Of(samples.Where(s => s.Kind == k && idle.Contains(s))),
                                        Loaded: LatencySummary.Of(samples.Where(s => s.Kind == k && loaded.Contains(s)))));
    }

    public IReadOnlyList<ProbeSample> Samples { get; }

    public LatencyWindow Idle { get; }

    public LatencyWindow Load { get; }

    public LatencyWindow Loaded { get; }

    /// <summary>True when no instant had every client downloading, so <see cref="Loaded"/> fell back to the whole load.</summary>
    public bool LoadedIsWholeLoad { get; }

    public LatencySummary SelfIdle { get; }

    public LatencySummary SelfLoaded { get; }

    public IReadOnlyDictionary<ProbeKind, (LatencySummary Idle, LatencySummary Loaded)> ByKind { get; }

    /// <summary>Loaded median − idle median of self latency, in ms; NaN when either had no answer.</summary>
    public double AddedMs => SelfLoaded.MedianMs - SelfIdle.MedianMs;

    public BufferbloatGrade? Grade => double.IsNaN(AddedMs) ? null : BufferbloatGrades.Of(AddedMs);

    /// <summary>The round trip the RPM is made of (ms): foreign and self trimmed means, half each.</summary>
    public double ResponsivenessRttMs
    {
        get
        {
            var self = SelfLoaded.TrimmedMeanMs;
            return ByKind.TryGetValue(ProbeKind.ForeignTcpConnect, out var foreign) && !double.IsNaN(foreign.Loaded.TrimmedMeanMs)
                ? (0.5 * foreign.Loaded.TrimmedMeanMs) + (0.5 * self)
                : self;
        }
    }

    public double Rpm => ResponsivenessRttMs > 0 ? LatencyStatistics.Rpm(ResponsivenessRttMs) : double.NaN;

    public ResponsivenessClass? RpmClass => double.IsNaN(Rpm) ? null : ResponsivenessClasses.Of(Rpm);

    /// <summary>One line for the log and assertion messages.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"[LATENCY] self idle median {SelfIdle.MedianMs:0.###} ms, loaded median {SelfLoaded.MedianMs:0.###} / p90 {SelfLoaded.P90Ms:0.###} ms " +
        $"over {Loaded.Seconds:0.#} s{(LoadedIsWholeLoad ? " (whole load period)" : "")}; added {AddedMs:0.#} ms, grade {Grade?.Name() ?? "none"}; " +
        $"{Rpm:0} RPM ({RpmClass?.ToString() ?? "none"}); self probes lost {SelfLoaded.Lost}/{SelfLoaded.Sent} loaded, {SelfIdle.Lost}/{SelfIdle.Sent} idle");

    /// <summary>The figures for results.json (ms; NaN written as null); the raw probes go with them for re-analysis.</summary>
    public JsonObject ToJson()
    {
        var kinds = new JsonObject();
        foreach (var (kind, (idle, loaded)) in ByKind)
        {
            kinds[kind.JsonName()] = new JsonObject { ["idle"] = Json(idle), ["loaded"] = Json(loaded) };
        }

        return new JsonObject
        {
            ["idleWindow"] = Json(Idle),
            ["loadWindow"] = Json(Load),
            ["loadedWindow"] = Json(Loaded),
            ["loadedWindowIsWholeLoad"] = LoadedIsWholeLoad,
            ["self"] = new JsonObject { ["idle"] = Json(SelfIdle), ["loaded"] = Json(SelfLoaded) },
            ["addedMs"] = Number(AddedMs),
            ["bufferbloatGrade"] = Grade?.Name(),
            ["responsivenessRttMs"] = Number(ResponsivenessRttMs),
            ["rpm"] = Number(Rpm, 0),
            ["rpmClass"] = RpmClass?.ToString(),
            ["rpmTrim"] = $"highest {LatencyStatistics.ResponsivenessTrim:P0} of each kind's loaded probes dropped",
            ["kinds"] = kinds,
            ["probes"] = new JsonArray([.. Samples.Select(s => (JsonNode)new JsonObject
            {
                ["kind"] = s.Kind.JsonName(),
                ["source"] = s.Source,
                ["target"] = s.Target,
                ["sentSeconds"] = Math.Round(s.SentSeconds, 4),
                ["rttMs"] = s.RttMs is { } rtt ? Math.Round(rtt, 4) : null,
            })]),
        };
    }

    private static JsonObject Json(LatencySummary s) => new()
    {
        ["sent"] = s.Sent,
        ["lost"] = s.Lost,
        ["lossPercent"] = Math.Round(s.LossPercent, 3),
        ["minMs"] = Number(s.MinMs),
        ["medianMs"] = Number(s.MedianMs),
        ["p90Ms"] = Number(s.P90Ms),
        ["p99Ms"] = Number(s.P99Ms),
        ["meanMs"] = Number(s.MeanMs),
        ["trimmedMeanMs"] = Number(s.TrimmedMeanMs),
    };

    private static JsonObject Json(LatencyWindow w) => new()
    {
        ["startSeconds"] = Math.Round(w.StartSeconds, 4),
        ["endSeconds"] = Math.Round(w.EndSeconds, 4),
    };

    private static JsonNode? Number(double value, int digits = 4) => double.IsNaN(value) || double.IsInfinity(value) ? null : Math.Round(value, digits);
}
