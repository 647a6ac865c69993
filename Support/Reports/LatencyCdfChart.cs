using NetnsBdd.Drivers.Latency;
using ScottPlot;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// The distribution of round trips idle against loaded (empirical CDFs, x logarithmic so a 0.05 ms idle floor and a
/// 120 ms full queue both read): self latency idle and loaded, and the probe client's loaded ICMP and TCP connects.
/// </summary>
public static class LatencyCdfChart
{
    public static void Render(LatencyMeasurement latency, string path)
    {
        var plot = new Plot();
        ChartFont.Apply(plot);
        var drawn = 0;
        drawn += Add(plot, latency.Samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && latency.Idle.Contains(s)), "self ICMP, idle", LatencyPalette.Idle);
        drawn += Add(plot, latency.Samples.Where(s => ProbeKinds.SelfIcmp.Contains(s.Kind) && latency.Loaded.Contains(s)), "self ICMP, loaded", LatencyPalette.Of(ProbeKind.SelfIcmpServer));
        drawn += Add(plot, latency.Samples.Where(s => s.Kind == ProbeKind.SelfTcpRtt && latency.Loaded.Contains(s)), "self TCP RTT, loaded", LatencyPalette.Of(ProbeKind.SelfTcpRtt));
        drawn += Add(plot, latency.Samples.Where(s => s.Kind is ProbeKind.ForeignIcmpGateway or ProbeKind.ForeignIcmpServer && latency.Loaded.Contains(s)), "foreign ICMP, loaded", LatencyPalette.Of(ProbeKind.ForeignIcmpServer));
        drawn += Add(plot, latency.Samples.Where(s => s.Kind == ProbeKind.ForeignTcpConnect && latency.Loaded.Contains(s)), "foreign TCP connect, loaded", LatencyPalette.Of(ProbeKind.ForeignTcpConnect));
        ArgumentOutOfRangeException.ThrowIfZero(drawn, nameof(latency));

        // log10 ticks: ScottPlot 5 plots log axes as log-transformed data with a tick generator that labels 10^x.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = x => FormattableString.Invariant($"{Math.Pow(10, x):0.###}"),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
        };
        plot.Axes.SetLimitsY(0, 1.02);
        plot.XLabel("round trip (ms, log scale)");
        plot.YLabel("share of probes at or below");
        plot.Title("Round trips idle vs loaded (CDF)");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, ChartSize.Width, ChartSize.Height);
    }

    private static int Add(Plot plot, IEnumerable<ProbeSample> samples, string label, Color color)
    {
        var rtts = samples.Where(s => s.RttMs is > 0).Select(s => s.RttMs!.Value).Order().ToArray();
        if (rtts.Length == 0)
        {
            return 0;
        }

        var xs = rtts.Select(Math.Log10).ToArray();
        var ys = Enumerable.Range(1, rtts.Length).Select(i => (double)i / rtts.Length).ToArray();
        var line = plot.Add.Scatter(xs, ys, color);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.MarkerSize = 0;
        line.LineWidth = 2;
        line.LegendText = FormattableString.Invariant($"{label} (n={rtts.Length}, median {LatencyStatistics.Percentile(rtts, 50):0.###} ms)");
        return 1;
    }
}
