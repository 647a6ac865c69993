namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// The order statistics the latency figures use. Percentiles interpolate linearly between closest ranks (the
/// definition of numpy's default and Excel's PERCENTILE.INC), so p50 of an even count is the mean of the middle two.
/// </summary>
public static class LatencyStatistics
{
    /// <summary>
    /// The share of the highest samples the responsiveness figure drops before averaging: the IETF responsiveness
    /// draft's "95th-percentile trimmed mean" keeps the lowest 95 % of each kind's probes, so one stalled probe does
    /// not decide the figure while a queue that is full most of the time still does.
    /// </summary>
    public const double ResponsivenessTrim = 0.05;

    /// <summary>The <paramref name="percent"/>th percentile (0–100) of <paramref name="values"/>; NaN when empty.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (double.IsNaN(percent) || percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "A percentile is between 0 and 100.");
        }

        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// The mean of <paramref name="values"/> after dropping the highest <paramref name="upperTrim"/> share of them
    /// (rounded down to whole samples, so fewer than 1/upperTrim samples are averaged whole). Only the top is
    /// trimmed: the lowest round trips are the path's real floor, not outliers. NaN when empty.
    /// </summary>
    public static double TrimmedMean(IReadOnlyList<double> values, double upperTrim)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (double.IsNaN(upperTrim) || upperTrim is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(upperTrim), upperTrim, "Trim a share from 0 (none) up to, not including, 1.");
        }

        if (values.Count == 0)
        {
            return double.NaN;
        }

        var keep = values.Count - (int)Math.Floor(values.Count * upperTrim);
        return values.Order().Take(keep).Average();
    }

    /// <summary>Round trips per minute of a round trip of <paramref name="milliseconds"/>: 60000 / ms.</summary>
    public static double Rpm(double milliseconds) =>
        milliseconds > 0 ? 60_000 / milliseconds : throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, "A round trip takes more than 0 ms.");
}
