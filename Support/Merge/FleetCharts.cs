using System.Globalization;
using NetnsBdd.Support.Reports;
using ScottPlot;

namespace NetnsBdd.Support.Merge;

/// <summary>The fleet report's charts: throughput over time per host and summed, and each host's share.</summary>
public static class FleetCharts
{
    private static readonly Color[] HostColors =
        [.. new[] { "#2166ac", "#1b7837", "#e08214", "#762a83", "#b2182b", "#35978f", "#8c510a", "#4d4d4d" }.Select(Color.FromHex)];

    /// <summary>Each host's 100 ms series and their sum on one UTC clock, the window every host downloaded in shaded.</summary>
    public static void RenderThroughput(FleetScenario scenario, string path)
    {
        var hosts = scenario.Downloading;
        var origin = hosts.Min(h => h.FirstByte!.Value);
        var plot = new Plot();
        ChartFont.Apply(plot);
        if (scenario.CommonWindow is { } w)
        {
            var span = plot.Add.HorizontalSpan((w.Start - origin).TotalSeconds, (w.End - origin).TotalSeconds);
            span.FillStyle.Color = ChartPalette.Download.WithAlpha(0.3);
            span.LegendText = "every host downloading";
        }

        for (var i = 0; i < hosts.Count; i++)
        {
            var series = hosts[i].Throughput;
            if (series.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                series.Select(b => (b.Start - origin).TotalSeconds).Append((series[^1].End - origin).TotalSeconds).ToArray(),
                series.Select(b => b.Mbps).Append(series[^1].Mbps).ToArray(), HostColors[i % HostColors.Length]);
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 1.5f;
            line.LegendText = hosts[i].Host;
        }

        // The sum on a common 100 ms grid: the hosts' buckets start at different instants.
        var end = hosts.Max(h => h.LastEnd!.Value);
        var step = TimeSpan.FromMilliseconds(100);
        var xs = new List<double>();
        var ys = new List<double>();
        for (var at = origin; at < end; at += step)
        {
            xs.Add((at - origin).TotalSeconds);
            ys.Add(FleetScenario.MbpsOver(hosts, at, at + step));
        }

        if (xs.Count > 0)
        {
            xs.Add((end - origin).TotalSeconds);
            ys.Add(ys[^1]);
            var sum = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), Colors.Black);
            sum.ConnectStyle = ConnectStyle.StepHorizontal;
            sum.MarkerSize = 0;
            sum.LineWidth = 2;
            sum.LegendText = "all hosts";
        }

        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Fleet throughput: {hosts.Count} hosts, combined {scenario.CombinedGoodputMbps:0.#} Mbit/s while all downloaded"));
        plot.XLabel($"time since the first host's first response byte, {Drivers.Scheduling.ScheduledStart.Format(origin)} (s)");
        plot.YLabel("throughput (Mbit/s)");
        plot.Axes.SetLimits(0, (end - origin).TotalSeconds, 0, Math.Max(1, ys.DefaultIfEmpty(0).Max() * 1.2));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    /// <summary>One bar per host: its Mbit/s while every host downloaded, labelled with its clients and start offset.</summary>
    public static void RenderHosts(FleetScenario scenario, string path)
    {
        var hosts = scenario.Hosts;
        var first = scenario.Downloading.Min(h => h.FirstByte!.Value);
        var plot = new Plot();
        ChartFont.Apply(plot);
        var bars = hosts.Select((h, i) => new Bar
        {
            Position = i,
            Value = scenario.HostMbpsInWindow(h) ?? h.GoodputMbps ?? 0,
            FillColor = h.Passed ? ChartPalette.Ok : ChartPalette.Failed,
            LineWidth = 0,
            Label = Mbit.Format(scenario.HostMbpsInWindow(h) ?? h.GoodputMbps ?? 0),
        }).ToArray();
        plot.Add.Bars(bars);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (var i = 0; i < hosts.Count; i++)
        {
            var offset = hosts[i].FirstByte is { } f ? string.Create(CultureInfo.InvariantCulture, $"+{(f - first).TotalMilliseconds:0.#} ms") : "no data";
            ticks.AddMajor(i, $"{hosts[i].Host}\n{hosts[i].Clients.Count(c => c.Success)}/{hosts[i].Clients.Count} ok, {offset}");
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.MinimumSize = 50;
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Per host (fairness over all clients {scenario.Fairness:0.###}, in the common window {scenario.WindowFairness:0.###}; start spread {scenario.HostStartSpreadSeconds * 1000:0.#} ms)"));
        plot.YLabel("Mbit/s while every host downloaded");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }
}
