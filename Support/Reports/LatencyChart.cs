using NetnsBdd.Drivers.Latency;
using NetnsBdd.Drivers.Downloads;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Every answered probe's round trip over time, one colour per kind, with the load period shaded and the window in
/// which every client was downloading (the one the loaded figures use) marked; lost probes as crosses on the axis.
/// </summary>
public static class LatencyChart
{
    public static void Render(LatencyMeasurement latency, string path)
    {
        ArgumentOutOfRangeException.ThrowIfZero(latency.Samples.Count, nameof(latency));
        var plot = new Plot();
        ChartFont.Apply(plot);

        var load = plot.Add.HorizontalSpan(latency.Load.StartSeconds, latency.Load.EndSeconds);
        load.FillStyle.Color = ChartPalette.Limit.WithAlpha(0.12);
        load.LineStyle.Width = 0;
        load.LegendText = "load (download step)";
        var loaded = plot.Add.HorizontalSpan(latency.Loaded.StartSeconds, latency.Loaded.EndSeconds);
        loaded.FillStyle.Color = ChartPalette.Throughput.WithAlpha(0.10);
        loaded.LineStyle.Width = 0;
        loaded.LegendText = "every client downloading";

        foreach (var kind in Enum.GetValues<ProbeKind>())
        {
            var answered = latency.Samples.Where(s => s.Kind == kind && s.RttMs is not null).ToArray();
            if (answered.Length == 0)
            {
                continue;
            }

            var points = plot.Add.ScatterPoints(
                answered.Select(s => s.SentSeconds).ToArray(), answered.Select(s => s.RttMs!.Value).ToArray(), LatencyPalette.Of(kind));
            points.MarkerSize = 3;
            points.LegendText = kind.JsonName();
        }

        var lost = latency.Samples.Where(s => s.Lost).ToArray();
        if (lost.Length > 0)
        {
            var crosses = plot.Add.ScatterPoints(lost.Select(s => s.SentSeconds).ToArray(), new double[lost.Length], ChartPalette.Failed);
            crosses.MarkerShape = MarkerShape.Cross;
            crosses.MarkerSize = 6;
            crosses.LegendText = $"lost ({lost.Length})";
        }

        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, Math.Max(1, latency.Samples.Where(s => s.RttMs is not null).Select(s => s.RttMs!.Value).DefaultIfEmpty(1).Max() * 1.1));
        plot.XLabel("time since probing began (s)");
        plot.YLabel("round trip (ms)");
        // The load's direction in the title: download-loaded, upload-loaded and both-loaded charts are told apart.
        plot.Title(latency.Direction == Drivers.Downloads.LoadDirection.Download
            ? FormattableString.Invariant($"Latency under load: added {latency.AddedMs:0.#} ms, grade {latency.Grade?.Name() ?? "none"}, {latency.Rpm:0} RPM")
            : FormattableString.Invariant(
                $"Latency under {latency.Direction.JsonName()} load: added {latency.AddedMs:0.#} ms (grade {latency.Grade?.Name() ?? "none"}), by the upload {latency.UploadAddedMs:0.#} ms (grade {latency.UploadGrade?.Name() ?? "none"}), {latency.Rpm:0} RPM"));
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }
}
