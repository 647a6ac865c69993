using System.Text.Json.Serialization;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Latency;

namespace NetnsBdd.Support.Results;

/// <summary>
/// results.json's "latency": the windows, the self (loaded-path ICMP) summaries, the added latency and its grade,
/// responsiveness (RPM), every probe kind's summaries and the raw probes for re-analysis. Times in ms, windows in
/// seconds from the download step's start; a figure that could not be measured is null.
/// </summary>
public sealed record LatencyJson(
    LatencyWindowJson IdleWindow,
    LatencyWindowJson LoadWindow,
    LatencyWindowJson LoadedWindow,
    bool LoadedWindowIsWholeLoad,
    LatencyPairJson Self,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AddedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BufferbloatGrade,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ResponsivenessRttMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Rpm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RpmClass,
    string RpmTrim,
    IReadOnlyDictionary<string, LatencyPairJson> Kinds,
    IReadOnlyList<LatencyProbeJson> Probes)
{
    /// <summary>
    /// The load the probes ran around when it was not a download alone: "upload" or "both" (upload-loaded and
    /// both-loaded figures); left out for a download, so a download's latency section keeps its shape.
    /// </summary>
    public string? Load { get; init; }

    /// <summary>With an upload in the load: the probes that cross the router's upstream queue, and the upload's grade.</summary>
    public UploadLatencyJson? Upload { get; init; }

    public static LatencyJson Of(LatencyMeasurement m) => new(
        Window(m.Idle),
        Window(m.Load),
        Window(m.Loaded),
        m.LoadedIsWholeLoad,
        new(Summary(m.SelfIdle), Summary(m.SelfLoaded)),
        Number(m.AddedMs),
        m.Grade?.Name(),
        Number(m.ResponsivenessRttMs),
        Number(m.Rpm, 0),
        m.RpmClass?.ToString(),
        $"highest {LatencyStatistics.ResponsivenessTrim:P0} of each kind's loaded probes dropped",
        m.ByKind.ToDictionary(k => k.Key.JsonName(), k => new LatencyPairJson(Summary(k.Value.Idle), Summary(k.Value.Loaded))),
        [.. m.Samples.Select(s => new LatencyProbeJson(s.Kind.JsonName(), s.Source, s.Target, Math.Round(s.SentSeconds, 4), s.RttMs is { } rtt ? Math.Round(rtt, 4) : null))])
    {
        Load = m.Direction == LoadDirection.Download ? null : m.Direction.JsonName(),
        Upload = m.Direction.HasUpload()
            ? new UploadLatencyJson(
                [.. ProbeKinds.CrossingUpstream.Select(k => k.JsonName())],
                new(Summary(m.UpstreamIdle), Summary(m.UpstreamLoaded)), Number(m.UploadAddedMs), m.UploadGrade?.Name())
            : null,
    };

    private static LatencyWindowJson Window(LatencyWindow w) => new(Math.Round(w.StartSeconds, 4), Math.Round(w.EndSeconds, 4));

    private static LatencySummaryJson Summary(LatencySummary s) => new(
        s.Sent, s.Lost, Math.Round(s.LossPercent, 3), Number(s.MinMs), Number(s.MedianMs), Number(s.P90Ms), Number(s.P99Ms),
        Number(s.MeanMs), Number(s.TrimmedMeanMs));

    private static double? Number(double value, int digits = 4) => double.IsNaN(value) || double.IsInfinity(value) ? null : Math.Round(value, digits);
}

/// <summary>
/// The upload-loaded figures: the probe kinds whose path crosses the router's egress toward the server, their idle and
/// loaded summaries, the latency the upload added (loaded median minus idle median, ms) and its bufferbloat grade.
/// </summary>
public sealed record UploadLatencyJson(
    IReadOnlyList<string> Kinds,
    LatencyPairJson Upstream,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? AddedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? BufferbloatGrade);

public sealed record LatencyWindowJson(double StartSeconds, double EndSeconds);

/// <summary>The same probes summed up before the load (idle) and while every client was downloading (loaded).</summary>
public sealed record LatencyPairJson(LatencySummaryJson Idle, LatencySummaryJson Loaded);

/// <summary>Probes sent and lost, and the round trips (ms) of those answered; null when none was.</summary>
public sealed record LatencySummaryJson(
    int Sent,
    int Lost,
    double LossPercent,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MinMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P90Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? P99Ms,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TrimmedMeanMs);

/// <summary>One probe: its kind, from which namespace to which target, when (s) and its round trip (ms; null: lost).</summary>
public sealed record LatencyProbeJson(
    string Kind,
    string Source,
    string Target,
    double SentSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? RttMs);
