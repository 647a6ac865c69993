using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>Host health over the scenario: CPU and RAM in percent on the left, temperature in °C on the right.</summary>
public static class HealthChart
{
    public const string NoThermalSensor = "no thermal sensor";

    public static void Render(IReadOnlyList<HealthPoint> points, string xLabel, string path)
    {
        ArgumentOutOfRangeException.ThrowIfZero(points.Count, nameof(points));
        var plot = new Plot();
        ChartFont.Apply(plot);

        AddLine(plot, points, p => p.CpuPercent, ChartPalette.Cpu, "CPU (%)");
        AddLine(plot, points, p => p.RamPercent, ChartPalette.Ram, "RAM used (%)");
        var temperature = AddLine(plot, points, p => p.TemperatureCelsius, ChartPalette.Temperature, "temperature (°C)");

        var xs = points.Select(p => p.Seconds).ToArray();
        var (xMin, xMax) = (xs.Min(), xs.Max());
        if (xMax <= xMin)
        {
            // One sample still needs an x range to be drawn in.
            (xMin, xMax) = (xMin - 1, xMax + 1);
        }

        plot.Axes.SetLimitsX(xMin, xMax);
        plot.Axes.SetLimitsY(0, 105, plot.Axes.Left);
        plot.Axes.Left.Label.Text = "CPU, RAM used (%)";
        plot.XLabel(xLabel);

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
            plot.Title("Host health");
        }
        else
        {
            // Said in the legend too, so nobody reads a missing red line as "temperature was fine".
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"temperature: {NoThermalSensor}" });
            plot.Title($"Host health ({NoThermalSensor})");
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    private static ScottPlot.Plottables.Scatter? AddLine(
        Plot plot, IReadOnlyList<HealthPoint> points, Func<HealthPoint, double?> value, Color color, string label)
    {
        // Samples without the reading are left out; the line joins the ones either side.
        var present = points.Where(p => value(p) is not null).ToArray();
        if (present.Length == 0)
        {
            return null;
        }

        var line = plot.Add.Scatter(present.Select(p => p.Seconds).ToArray(), present.Select(p => value(p)!.Value).ToArray(), color);
        line.LineWidth = 2;
        line.MarkerSize = 4;
        // Built by hand because a legend shows either its manual items or the plottables' own, never both.
        plot.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = label,
            LineColor = color,
            LineWidth = 2,
            MarkerShape = MarkerShape.FilledCircle,
            MarkerFillColor = color,
            MarkerLineColor = color,
            MarkerSize = 4,
        });
        return line;
    }
}
