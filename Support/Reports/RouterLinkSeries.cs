using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>Draws <see cref="RouterLinkRate"/>s onto a throughput-over-time chart: one level per health interval.</summary>
public static class RouterLinkSeries
{
    public const string Label = "router → clients link (its counters, per health sample)";

    /// <returns>The highest rate drawn (0 when none), for the caller's y range.</returns>
    public static double Draw(Plot plot, IReadOnlyList<RouterLinkRate>? rates)
    {
        if (rates is not { Count: > 0 })
        {
            return 0;
        }

        var xs = new List<double>();
        var ys = new List<double>();
        var labelled = false;
        foreach (var rate in rates)
        {
            if (xs.Count > 0 && Math.Abs(xs[^1] - rate.StartSeconds) > 1e-9)
            {
                Flush();
            }

            xs.AddRange([rate.StartSeconds, rate.EndSeconds]);
            ys.AddRange([rate.Mbps, rate.Mbps]);
        }

        Flush();
        // A dot where each sample was taken: the level before it is that sample's average, not a reading at one instant.
        var dots = plot.Add.ScatterPoints(rates.Select(r => r.EndSeconds).ToArray(), rates.Select(r => r.Mbps).ToArray(), ChartPalette.RouterLink);
        dots.MarkerSize = 6;
        return rates.Max(r => r.Mbps);

        void Flush()
        {
            if (xs.Count > 0)
            {
                var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), ChartPalette.RouterLink);
                line.LineWidth = 2;
                line.LinePattern = LinePattern.Dashed;
                line.LegendText = labelled ? string.Empty : Label;
                labelled = true;
                xs.Clear();
                ys.Clear();
            }
        }
    }
}
