using System.Globalization;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>Throughput summed over all clients against time, with the shaped rate as the ceiling it should reach.</summary>
public static class AggregateThroughputChart
{
    /// <param name="routerLink">The router's client-facing link from the health samples, drawn beside the clients' own figure.</param>
    public static void Render(IReadOnlyList<ThroughputBucket> buckets, double? shapedRateMbps, string path, IReadOnlyList<RouterLinkRate>? routerLink = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(buckets.Count, nameof(buckets));
        var plot = new Plot();
        ChartFont.Apply(plot);

        // A step per bucket: the value is an average over the bucket, not a reading at one instant.
        var xs = buckets.Select(b => b.StartSeconds).Append(buckets[^1].EndSeconds).ToArray();
        var ys = buckets.Select(b => b.Mbps).Append(buckets[^1].Mbps).ToArray();
        var line = plot.Add.Scatter(xs, ys, ChartPalette.Throughput);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        var width = buckets[0].EndSeconds - buckets[0].StartSeconds;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"all clients ({width:0.##} s buckets)");

        var top = Math.Max(buckets.Max(b => b.Mbps), RouterLinkSeries.Draw(plot, routerLink));
        if (shapedRateMbps is { } shaped)
        {
            var limit = plot.Add.HorizontalLine(shaped, width: 2, color: ChartPalette.Limit, pattern: LinePattern.Dashed);
            limit.LegendText = $"shaped rate {Mbit.Format(shaped)} Mbit/s";
            top = Math.Max(top, shaped);
        }

        // No mean here: over whole buckets it would disagree with the run's aggregate, which is over the exact wall time.
        plot.Title($"Aggregate throughput over time (peak {Mbit.Format(buckets.Max(b => b.Mbps))} Mbit/s)");
        plot.XLabel("time since the first client started (s)");
        plot.YLabel("throughput (Mbit/s)");
        var left = Math.Min(0, routerLink?.Select(r => r.StartSeconds).DefaultIfEmpty(0).Min() ?? 0);
        var right = Math.Max(xs[^1], routerLink?.Select(r => r.EndSeconds).DefaultIfEmpty(0).Max() ?? 0);
        plot.Axes.SetLimits(left, right, 0, top > 0 ? top * 1.2 : 1);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }
}
