using System.Globalization;
using NetnsBdd.Drivers.Soak;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// A soak over time, seconds into the soak on x. Left axis: each round's goodput (Mbit/s, at its release), rounds
/// with failed clients marked red with their count. Right axis: the host's CPU (%, whole host, each sample) and the
/// hottest thermal zone (°C). Shaded: the router watch's outages (red) and the faults caused (grey).
/// </summary>
public static class SoakChart
{
    private const int MaxLabels = 40;

    public static void Render(SoakRun run, IReadOnlyList<HealthPoint> health, string path)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rounds = run.Rounds;
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count, nameof(run));
        var plot = new Plot();
        ChartFont.Apply(plot);

        foreach (var fault in run.Faults)
        {
            var span = plot.Add.HorizontalSpan(fault.BeganSeconds, fault.EndedSeconds ?? run.EndSeconds ?? fault.BeganSeconds, ChartPalette.Download.WithAlpha(0.45));
            span.LineStyle.Width = 0;
        }

        if (run.Faults.Count > 0)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "fault caused", FillColor = ChartPalette.Download.WithAlpha(0.45) });
        }

        foreach (var outage in run.Outages)
        {
            var span = plot.Add.HorizontalSpan(outage.StartSeconds, outage.EndSeconds, ChartPalette.Failed.WithAlpha(0.25));
            span.LineStyle.Width = 0;
        }

        if (run.Outages.Count > 0)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "router unreachable (watch)", FillColor = ChartPalette.Failed.WithAlpha(0.25) });
        }

        var xs = rounds.Select(r => r.StartSeconds).ToArray();
        var goodput = plot.Add.ScatterLine(xs, rounds.Select(r => r.GoodputMbps ?? 0).ToArray(), ChartPalette.Throughput);
        goodput.LineWidth = 2;
        goodput.MarkerSize = rounds.Count <= 200 ? 5 : 0;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "goodput per round (Mbit/s)", LineColor = ChartPalette.Throughput, LineWidth = 2 });

        var failed = rounds.Where(r => !r.Completed).ToArray();
        if (failed.Length > 0)
        {
            var marks = plot.Add.ScatterPoints(failed.Select(r => r.StartSeconds).ToArray(), failed.Select(r => r.GoodputMbps ?? 0).ToArray(), ChartPalette.Failed);
            marks.MarkerSize = 9;
            marks.MarkerShape = MarkerShape.FilledSquare;
            foreach (var round in failed.Take(MaxLabels))
            {
                var label = plot.Add.Text(string.Create(CultureInfo.InvariantCulture, $"{round.Clients - round.Succeeded} failed"), round.StartSeconds, round.GoodputMbps ?? 0);
                label.LabelFontColor = ChartPalette.Failed;
                label.LabelFontSize = 11;
                label.OffsetY = -8;
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "round with failed clients", MarkerColor = ChartPalette.Failed, MarkerFillColor = ChartPalette.Failed, MarkerShape = MarkerShape.FilledSquare, MarkerSize = 9 });
        }

        var top = Math.Max(1, rounds.Max(r => r.GoodputMbps ?? 0));
        plot.Axes.SetLimitsY(0, top * 1.15, plot.Axes.Left);
        plot.Axes.Left.Label.Text = "goodput (Mbit/s)";

        var inRange = health.Where(p => p.Seconds >= -1 && p.Seconds <= (run.EndSeconds ?? xs[^1]) + 5).ToArray();
        AddRight(plot, inRange, p => p.CpuPercent, ChartPalette.SuiteCpu, "CPU, whole host (%)");
        var hasTemperature = AddRight(plot, inRange, p => p.TemperatureCelsius, ChartPalette.Temperature, "temperature (°C)");
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Right);
        plot.Axes.Right.Label.Text = "CPU (%), temperature (°C)";

        var end = Math.Max(run.EndSeconds ?? xs[^1], xs[^1]);
        plot.Axes.SetLimitsX(-end * 0.02, end * 1.02 + 0.1);
        plot.XLabel("seconds into the soak");
        var summary = run.Summary;
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"Soak: {summary.RoundsDone} rounds, {summary.FailedRounds.Count} failed, {summary.Outages} outage(s){(hasTemperature ? "" : $" ({HealthChart.NoThermalSensor})")}"));
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    private static bool AddRight(Plot plot, IReadOnlyList<HealthPoint> points, Func<HealthPoint, double?> value, Color color, string label)
    {
        var present = points.Where(p => value(p) is not null).ToArray();
        if (present.Length == 0)
        {
            return false;
        }

        var line = plot.Add.ScatterLine(present.Select(p => p.Seconds).ToArray(), present.Select(p => value(p)!.Value).ToArray(), color);
        line.LineWidth = 1.5f;
        line.Axes.YAxis = plot.Axes.Right;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, LineColor = color, LineWidth = 1.5f });
        return true;
    }
}
