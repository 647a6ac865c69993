using System.Globalization;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>Per-client throughput: one bar per client, coloured by outcome, with the fair-share line when shaped.</summary>
public static class ThroughputChart
{
    // Past this many bars the value labels overlap each other; the y axis still reads.
    private const int MaxValueLabels = 24;

    /// <param name="direction">"download" or "upload": named in the title when it is an upload.</param>
    public static void Render(IReadOnlyList<ThroughputBar> bars, double? fairShareMbps, double aggregateMbps, string path, string direction = "download")
    {
        ArgumentOutOfRangeException.ThrowIfZero(bars.Count, nameof(bars));
        var plot = new Plot();
        ChartFont.Apply(plot);

        var drawn = bars.Select((b, i) => new Bar
        {
            Position = i,
            Value = b.Mbps,
            FillColor = ChartPalette.Of(b.Outcome),
            LineWidth = 0,
            Label = bars.Count > MaxValueLabels ? string.Empty : b.Outcome == ClientOutcome.Failed && b.Mbps == 0 ? "failed" : Mbit.Format(b.Mbps),
        }).ToArray();
        var barPlot = plot.Add.Bars(drawn);
        barPlot.ValueLabelStyle.FontSize = 12;

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var labelEvery = Math.Max(1, (int)Math.Ceiling(bars.Count / 64.0));
        for (var i = 0; i < bars.Count; i += labelEvery)
        {
            ticks.AddMajor(i, bars[i].Client);
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        // Upright names overlap once they are wider together than the plot (~8 px a character, ~800 px of axis).
        if (bars.Count > 12 || bars.Count * bars.Max(b => b.Client.Length) * 8 > 800)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            // ScottPlot sizes the axis for unrotated labels; without room the names run off the image.
            var longest = bars.Max(b => b.Client.Length);
            plot.Axes.Bottom.MinimumSize = 40 + (7.5f * longest);
        }

        foreach (var outcome in bars.Select(b => b.Outcome).Distinct().Order())
        {
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = string.Create(CultureInfo.InvariantCulture, $"{Describe(outcome)} ({bars.Count(b => b.Outcome == outcome)})"),
                FillColor = ChartPalette.Of(outcome),
            });
        }

        var top = bars.Max(b => b.Mbps);
        if (fairShareMbps is { } fair)
        {
            plot.Add.HorizontalLine(fair, width: 2, color: ChartPalette.Limit, pattern: LinePattern.Dashed);
            plot.Legend.ManualItems.Add(new LegendItem
            {
                LabelText = $"fair share {Mbit.Format(fair)} Mbit/s",
                LineColor = ChartPalette.Limit,
                LineWidth = 2,
                LinePattern = LinePattern.Dashed,
            });
            top = Math.Max(top, fair);
        }

        plot.Title(string.Create(
            CultureInfo.InvariantCulture,
            $"Per-client {(direction == "upload" ? "upload " : "")}throughput: {bars.Count} client{(bars.Count == 1 ? "" : "s")}, aggregate {Mbit.Format(aggregateMbps)} Mbit/s"));
        plot.XLabel("client");
        plot.YLabel("throughput (Mbit/s)");
        // Headroom above the tallest bar for its value label.
        plot.Axes.SetLimits(-0.6, bars.Count - 0.4, 0, top > 0 ? top * 1.15 : 1);
        // Beside the data, not over it: with many clients every corner of the data area has a bar in it.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    private static string Describe(ClientOutcome outcome) => outcome switch
    {
        ClientOutcome.Ok => "ok",
        ClientOutcome.Interrupted => "interrupted (timeout)",
        _ => "failed",
    };
}
