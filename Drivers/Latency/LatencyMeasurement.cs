using System.Globalization;
using NetnsBdd.Drivers.Downloads;

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
    public LatencyMeasurement(
        IReadOnlyList<ProbeSample> samples, LatencyWindow idle, LatencyWindow load, LatencyWindow loaded, bool loadedIsWholeLoad,
        LoadDirection direction = LoadDirection.Download)
    {
        Samples = samples;
        Direction = direction;
        Idle = idle;
        Load = load;
        Loaded = loaded;
        LoadedIsWholeLoad = loadedIsWholeLoad;
        SelfIdle = LatencySummary.Of(samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && idle.Contains(s)));
        SelfLoaded = LatencySummary.Of(samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && loaded.Contains(s)));
        UpstreamIdle = LatencySummary.Of(samples.Where(s => ProbeKinds.CrossingUpstream.Contains(s.Kind) && idle.Contains(s)));
        UpstreamLoaded = LatencySummary.Of(samples.Where(s => ProbeKinds.CrossingUpstream.Contains(s.Kind) && loaded.Contains(s)));
        ByKind = Enum.GetValues<ProbeKind>()
            .Where(k => samples.Any(s => s.Kind == k))
            .ToDictionary(k => k, k => (Idle: LatencySummary.Of(samples.Where(s => s.Kind == k && idle.Contains(s))),
                                        Loaded: LatencySummary.Of(samples.Where(s => s.Kind == k && loaded.Contains(s)))));
    }

    public IReadOnlyList<ProbeSample> Samples { get; }

    /// <summary>
    /// The load the probes ran around: download-loaded, upload-loaded or both-loaded figures, as the Waveform test
    /// names them. <see cref="Loaded"/> is the window in which every transfer of that load was running.
    /// </summary>
    public LoadDirection Direction { get; }

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

    /// <summary>
    /// The uploading clients' own echoes to the server, idle: the probes whose path crosses the router's egress toward
    /// the server (its WAN side), where an upload's queue builds. An echo to the gateway never crosses it.
    /// </summary>
    public LatencySummary UpstreamIdle { get; }

    /// <summary>As <see cref="UpstreamIdle"/>, while every transfer of the load was running.</summary>
    public LatencySummary UpstreamLoaded { get; }

    /// <summary>
    /// The latency an upload adds: the loaded median minus the idle median of <see cref="UpstreamLoaded"/>, in ms; NaN
    /// when the load had no upload half, or either had no answer.
    /// </summary>
    public double UploadAddedMs => Direction.HasUpload() ? UpstreamLoaded.MedianMs - UpstreamIdle.MedianMs : double.NaN;

    /// <summary>The bufferbloat grade of <see cref="UploadAddedMs"/> (Waveform's separate upload grade); null without one.</summary>
    public BufferbloatGrade? UploadGrade => double.IsNaN(UploadAddedMs) ? null : BufferbloatGrades.Of(UploadAddedMs);

    /// <summary>
    /// The round trip the RPM is made of (ms): foreign and self trimmed means, half each. Under a load with uploads the
    /// self part is the echoes to the server, whose request crosses the upstream queue and whose reply the downstream
    /// one (the IETF responsiveness draft's working conditions load both and measure to the server); an echo to the
    /// gateway would cross neither queue an upload fills.
    /// </summary>
    public double ResponsivenessRttMs
    {
        get
        {
            var self = Direction.HasUpload() && !double.IsNaN(UpstreamLoaded.TrimmedMeanMs) ? UpstreamLoaded.TrimmedMeanMs : SelfLoaded.TrimmedMeanMs;
            return ByKind.TryGetValue(ProbeKind.ForeignTcpConnect, out var foreign) && !double.IsNaN(foreign.Loaded.TrimmedMeanMs)
                ? (0.5 * foreign.Loaded.TrimmedMeanMs) + (0.5 * self)
                : self;
        }
    }

    public double Rpm => ResponsivenessRttMs > 0 ? LatencyStatistics.Rpm(ResponsivenessRttMs) : double.NaN;

    public ResponsivenessClass? RpmClass => double.IsNaN(Rpm) ? null : ResponsivenessClasses.Of(Rpm);

    /// <summary>One line for the log and assertion messages.</summary>
    public string Describe()
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[LATENCY] {(Direction == LoadDirection.Download ? "" : Direction.JsonName() + "-loaded: ")}self idle median {SelfIdle.MedianMs:0.###} ms, loaded median {SelfLoaded.MedianMs:0.###} / p90 {SelfLoaded.P90Ms:0.###} ms " +
            $"over {Loaded.Seconds:0.#} s{(LoadedIsWholeLoad ? " (whole load period)" : "")}; added {AddedMs:0.#} ms, grade {Grade?.Name() ?? "none"}; " +
            $"{Rpm:0} RPM ({RpmClass?.ToString() ?? "none"}); self probes lost {SelfLoaded.Lost}/{SelfLoaded.Sent} loaded, {SelfIdle.Lost}/{SelfIdle.Sent} idle");
        return Direction.HasUpload()
            ? line + string.Create(CultureInfo.InvariantCulture,
                $"; upstream (echoes to the server) idle median {UpstreamIdle.MedianMs:0.###} ms, loaded median {UpstreamLoaded.MedianMs:0.###} / p90 {UpstreamLoaded.P90Ms:0.###} ms; added by the upload {UploadAddedMs:0.#} ms, upload grade {UploadGrade?.Name() ?? "none"}")
            : line;
    }
}
