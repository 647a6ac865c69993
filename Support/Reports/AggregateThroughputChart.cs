using System.Globalization;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Throughput summed over all clients against time, with the shaped rate as the ceiling it should reach, and each
/// client's own line when there are few enough to tell apart.
/// </summary>
public static class AggregateThroughputChart
{
    /// <summary>Above this many clients their lines would be a blur: only the sum is drawn.</summary>
    public const int MaxClientLines = 20;

    /// <param name="routerLink">The router's client-facing link from the health samples, drawn beside the clients' own figure.</param>
    public static void Render(
        IReadOnlyList<ThroughputBucket> buckets, double? shapedRateMbps, string path,
        IReadOnlyList<(string Client, IReadOnlyList<ThroughputBucket> Buckets)>? clients = null,
        IReadOnlyList<RouterLinkRate>? routerLink = null, string direction = "download")
    {
        ArgumentOutOfRangeException.ThrowIfZero(buckets.Count, nameof(buckets));
        var plot = new Plot();
        ChartFont.Apply(plot);

        var width = buckets[0].EndSeconds - buckets[0].StartSeconds;
        if (clients is { Count: > 0 and <= MaxClientLines })
        {
            foreach (var (client, series) in clients.Where(c => c.Buckets.Count > 0))
            {
                var thin = Steps(plot, series, ChartPalette.Throughput.WithAlpha(0.35));
                thin.LineWidth = 1;
            }

            // One legend entry for all of them: twenty names would cover the plot.
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Create(CultureInfo.InvariantCulture, $"each client ({clients.Count})"),
                LineColor = ChartPalette.Throughput.WithAlpha(0.35),
                LineWidth = 1,
            });
        }

        var line = Steps(plot, buckets, ChartPalette.Throughput);
        line.LineWidth = 2;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"all clients ({width:0.##} s buckets)");

        var top = Math.Max(buckets.Max(b => b.Mbps), RouterLinkSeries.Draw(plot, routerLink));
        if (shapedRateMbps is { } shaped)
        {
            var limit = plot.Add.HorizontalLine(shaped, width: 2, color: ChartPalette.Limit, pattern: LinePattern.Dashed);
            limit.LegendText = $"shaped rate {Mbit.Format(shaped)} Mbit/s";
            top = Math.Max(top, shaped);
        }

        // No mean here: over whole buckets it would disagree with the run's aggregate, which is over the exact wall time.
        plot.Title($"Aggregate {(direction == "upload" ? "upload " : "")}throughput over time (peak {Mbit.Format(buckets.Max(b => b.Mbps))} Mbit/s)");
        plot.XLabel("time since the clients were released (s)");
        plot.YLabel("throughput (Mbit/s)");
        var left = Math.Min(0, routerLink?.Select(r => r.StartSeconds).DefaultIfEmpty(0).Min() ?? 0);
        var right = Math.Max(buckets[^1].EndSeconds, routerLink?.Select(r => r.EndSeconds).DefaultIfEmpty(0).Max() ?? 0);
        plot.Axes.SetLimits(left, right, 0, top > 0 ? top * 1.2 : 1);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    /// <summary>A step per bucket: the value is an average over the bucket, not a reading at one instant.</summary>
    private static ScottPlot.Plottables.Scatter Steps(Plot plot, IReadOnlyList<ThroughputBucket> buckets, Color color)
    {
        var xs = buckets.Select(b => b.StartSeconds).Append(buckets[^1].EndSeconds).ToArray();
        var ys = buckets.Select(b => b.Mbps).Append(buckets[^1].Mbps).ToArray();
        var line = plot.Add.Scatter(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        return line;
    }
}
