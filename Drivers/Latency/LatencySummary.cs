namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// The round trips of one kind over one window: probes sent in it, how many were never answered, and the answered
/// ones' min, median, p90, p99, mean and the responsiveness draft's trimmed mean (all in ms; NaN when none answered).
/// </summary>
public sealed record LatencySummary(int Sent, int Lost, double MinMs, double MedianMs, double P90Ms, double P99Ms, double MeanMs, double TrimmedMeanMs)
{
    public int Answered => Sent - Lost;

    /// <summary>Lost probes in percent of those sent; 0 when none was sent.</summary>
    public double LossPercent => Sent == 0 ? 0 : 100.0 * Lost / Sent;

    public static LatencySummary Of(IEnumerable<ProbeSample> samples)
    {
        var all = samples.ToArray();
        var rtts = all.Where(s => s.RttMs is not null).Select(s => s.RttMs!.Value).ToArray();
        return new LatencySummary(
            all.Length,
            all.Length - rtts.Length,
            rtts.Length == 0 ? double.NaN : rtts.Min(),
            LatencyStatistics.Percentile(rtts, 50),
            LatencyStatistics.Percentile(rtts, 90),
            LatencyStatistics.Percentile(rtts, 99),
            rtts.Length == 0 ? double.NaN : rtts.Average(),
            LatencyStatistics.TrimmedMean(rtts, LatencyStatistics.ResponsivenessTrim));
    }
}
