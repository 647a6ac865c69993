using System.Globalization;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// Host health over the scenario. Left axis, percent: CPU of the whole host and of the suite's own processes (each a
/// level over its sampling interval, with a dot where the sample was taken; the gap between the two is the rest of the
/// host), RAM used and the suite's resident memory. Right axis: temperature in °C. The download period is shaded.
/// </summary>
public static class HealthChart
{
    public const string NoThermalSensor = "no thermal sensor";

    /// <param name="download">The clients' download period on the chart's clock (first start, last end), shaded.</param>
    public static void Render(IReadOnlyList<HealthPoint> points, string xLabel, string path, (double Start, double End)? download = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(points.Count, nameof(points));
        var plot = new Plot();
        ChartFont.Apply(plot);

        if (download is { } period)
        {
            var span = plot.Add.HorizontalSpan(period.Start, period.End, ChartPalette.Download.WithAlpha(0.35));
            span.LineStyle.Width = 0;
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "download", FillColor = ChartPalette.Download.WithAlpha(0.35) });
        }

        var host = AddLevels(plot, points, p => p.CpuPercent, ChartPalette.Cpu, LinePattern.Solid, "CPU, whole host (%)");
        var suite = AddLevels(plot, points, p => p.SuiteCpuPercent, ChartPalette.SuiteCpu, LinePattern.Solid, "CPU, suite's processes (%)");
        if (host && suite)
        {
            // Said once in the legend instead of a third line: the band between the two is everything else on the host.
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "rest of the host = gap between the CPU lines" });
        }

        AddLine(plot, points, p => p.RamPercent, ChartPalette.Ram, LinePattern.Solid, "RAM used (%)");
        AddLine(plot, points, p => p.SuiteRamPercent, ChartPalette.Ram, LinePattern.Dashed, "suite's resident memory (% of RAM)");
        var temperature = AddLine(plot, points, p => p.TemperatureCelsius, ChartPalette.Temperature, LinePattern.Solid, "temperature (°C)");

        var xs = points.Select(p => p.Seconds)
            .Concat(points.Where(p => double.IsFinite(p.IntervalStartSeconds) && p.CpuPercent is not null).Select(p => p.IntervalStartSeconds))
            .Concat(download is { } d ? [d.Start, d.End] : [])
            .ToArray();
        var (xMin, xMax) = (xs.Min(), xs.Max());
        if (xMax <= xMin)
        {
            // One sample still needs an x range to be drawn in.
            (xMin, xMax) = (xMin - 1, xMax + 1);
        }

        var margin = (xMax - xMin) * 0.03;
        plot.Axes.SetLimitsX(xMin - margin, xMax + margin);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Left);
        plot.Axes.Left.Label.Text = "CPU, RAM (%)";
        plot.XLabel(xLabel);

        var title = Title(points);
        if (temperature is not null)
        {
            temperature.Axes.YAxis = plot.Axes.Right;
            var celsius = points.Where(p => p.TemperatureCelsius is not null).Select(p => p.TemperatureCelsius!.Value).ToArray();
            // 30-65 °C unless the readings leave it: a steady band keeps runs comparable, and a 3 °C climb that
            // would be flat on a 0-based axis still shows.
            var low = Math.Floor(Math.Min(celsius.Min(), 30) / 5) * 5;
            var high = Math.Ceiling(Math.Max(celsius.Max(), 60) / 5) * 5 + 5;
            plot.Axes.SetLimitsY(low, high, plot.Axes.Right);
            plot.Axes.Right.Label.Text = "temperature (°C)";
            plot.Title(title);
        }
        else
        {
            // Said in the legend too, so nobody reads a missing red line as "temperature was fine".
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"temperature: {NoThermalSensor}" });
            plot.Title($"{title} ({NoThermalSensor})");
        }

        // Beside the data, not over it: with a short scenario every corner of the data area can hold a line.
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    private static string Title(IReadOnlyList<HealthPoint> points)
    {
        var samples = points.Count == 1 ? "1 sample" : $"{points.Count} samples";
        var cpu = points.Select(p => p.CpuPercent).Where(v => v is not null).Max();
        var suite = points.Select(p => p.SuiteCpuPercent).Where(v => v is not null).Max();
        var peak = cpu is null ? string.Empty
            : suite is null ? string.Create(CultureInfo.InvariantCulture, $", CPU peak {cpu:0}%")
            : string.Create(CultureInfo.InvariantCulture, $", CPU peak {cpu:0}% (suite peak {suite:0}%)");
        return $"Host health: {samples}{peak}";
    }

    /// <summary>
    /// A figure that is an average over each sample's interval, drawn as a level across that interval with a dot at
    /// the sample: a scenario with one or two samples still shows what they cover.
    /// </summary>
    private static bool AddLevels(Plot plot, IReadOnlyList<HealthPoint> points, Func<HealthPoint, double?> value, Color color, LinePattern pattern, string label)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var drawn = false;
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            if (value(point) is not { } v)
            {
                Flush();
                continue;
            }

            var start = double.IsFinite(point.IntervalStartSeconds) ? point.IntervalStartSeconds : i > 0 ? points[i - 1].Seconds : point.Seconds;
            if (xs.Count > 0 && Math.Abs(xs[^1] - start) > 1e-9)
            {
                Flush();
            }

            xs.AddRange([start, point.Seconds]);
            ys.AddRange([v, v]);
        }

        Flush();
        if (drawn)
        {
            var present = points.Where(p => value(p) is not null).ToArray();
            var dots = plot.Add.ScatterPoints(present.Select(p => p.Seconds).ToArray(), present.Select(p => value(p)!.Value).ToArray(), color);
            dots.MarkerSize = 7;
            plot.Legend.ManualItems.Add(Item(label, color, pattern));
        }

        return drawn;

        void Flush()
        {
            if (xs.Count > 0)
            {
                var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
                line.LineWidth = 2;
                line.LinePattern = pattern;
                drawn = true;
                xs.Clear();
                ys.Clear();
            }
        }
    }

    private static ScottPlot.Plottables.Scatter? AddLine(
        Plot plot, IReadOnlyList<HealthPoint> points, Func<HealthPoint, double?> value, Color color, LinePattern pattern, string label)
    {
        // Samples without the reading are left out; the line joins the ones either side.
        var present = points.Where(p => value(p) is not null).ToArray();
        if (present.Length == 0)
        {
            return null;
        }

        var line = plot.Add.Scatter(present.Select(p => p.Seconds).ToArray(), present.Select(p => value(p)!.Value).ToArray(), color);
        line.LineWidth = 2;
        line.MarkerSize = 5;
        line.LinePattern = pattern;
        // Built by hand because a legend shows either its manual items or the plottables' own, never both.
        plot.Legend.ManualItems.Add(Item(label, color, pattern));
        return line;
    }

    private static LegendItem Item(string label, Color color, LinePattern pattern) => new()
    {
        LabelText = label,
        LineColor = color,
        LineWidth = 2,
        LinePattern = pattern,
        MarkerShape = MarkerShape.FilledCircle,
        MarkerFillColor = color,
        MarkerLineColor = color,
        MarkerSize = 5,
    };
}
