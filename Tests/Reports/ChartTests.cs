using FluentAssertions;
using NetnsBdd.Support.Reports;
using NUnit.Framework;

namespace NetnsBdd.Tests.Reports;

/// <summary>
/// Charts are checked by their colours: a bar's fill and a legend swatch are drawn in the exact palette colour, so
/// an outcome's colour is on the image exactly when a client had that outcome.
/// </summary>
[TestFixture]
[Category("unit")]
public sealed class ChartTests
{
    [Test]
    public void A_font_is_available_so_charts_have_text()
    {
        ChartFont.Family.Should().NotBeNull(ChartFont.Warning);
        ChartFont.Warning.Should().BeNull();
    }

    [Test]
    public void Bars_are_coloured_by_outcome()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "bars.png");

        ThroughputChart.Render(
            [new ThroughputBar("c1", 20, ClientOutcome.Ok), new ThroughputBar("c2", 8, ClientOutcome.Interrupted)], 15, 28, path);

        Png.CountPixels(path, ChartPalette.Ok).Should().BeGreaterThan(1000);
        Png.CountPixels(path, ChartPalette.Interrupted).Should().BeGreaterThan(1000);
        Png.CountPixels(path, ChartPalette.Failed).Should().Be(0);
    }

    [Test]
    public void A_client_with_zero_throughput_still_gets_a_failed_swatch_in_the_legend()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "bars.png");

        ThroughputChart.Render([new ThroughputBar("c1", 10, ClientOutcome.Ok), new ThroughputBar("c2", 0, ClientOutcome.Failed)], null, 10, path);

        Png.CountPixels(path, ChartPalette.Failed).Should().BeGreaterThan(0);
    }

    [Test]
    public void The_health_chart_draws_temperature_only_when_there_is_a_sensor()
    {
        using var temp = new TempFolder();
        var withSensor = Path.Combine(temp.Path, "with.png");
        var without = Path.Combine(temp.Path, "without.png");
        HealthPoint[] points = [new(0, 10, 30, 50), new(2, 60, 35, 55), new(4, 90, 40, 61)];

        HealthChart.Render(points, "t (s)", withSensor);
        HealthChart.Render(points.Select(p => p with { TemperatureCelsius = null }).ToArray(), "t (s)", without);

        Png.CountPixels(withSensor, ChartPalette.Temperature).Should().BeGreaterThan(100);
        Png.CountPixels(without, ChartPalette.Temperature).Should().Be(0);
        Png.CountPixels(without, ChartPalette.Cpu).Should().BeGreaterThan(100);
    }

    [Test]
    public void A_single_health_sample_still_renders()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "one.png");

        HealthChart.Render([new HealthPoint(0, 10, 30, null)], "t (s)", path);

        Png.HasSignature(path).Should().BeTrue();
    }

    [Test]
    public void The_aggregate_chart_draws_the_throughput_line()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "aggregate.png");

        AggregateThroughputChart.Render([new ThroughputBucket(0, 0.5, 8), new ThroughputBucket(0.5, 1, 12)], 20, path);

        Png.CountPixels(path, ChartPalette.Throughput).Should().BeGreaterThan(100);
    }

    [Test]
    public void The_health_chart_draws_the_suites_cpu_share_beside_the_hosts()
    {
        using var temp = new TempFolder();
        var path = Path.Combine(temp.Path, "split.png");
        // Baseline, a mark before the download, one sample covering a 1.3 s download: the short-scenario shape.
        HealthPoint[] points =
        [
            new(-0.4, null, 30, null),
            new(0, 40, 31, null, -0.4, 35, 2),
            new(1.4, 90, 32, null, 0, 60, 2.1),
        ];

        HealthChart.Render(points, "t (s)", path, (0, 1.3));

        Png.CountPixels(path, ChartPalette.SuiteCpu).Should().BeGreaterThan(100);
        Png.CountPixels(path, ChartPalette.Cpu).Should().BeGreaterThan(100);
    }

    [Test]
    public void The_aggregate_chart_draws_the_router_link_beside_the_clients()
    {
        using var temp = new TempFolder();
        var with = Path.Combine(temp.Path, "with.png");
        var without = Path.Combine(temp.Path, "without.png");
        ThroughputBucket[] buckets = [new(0, 0.5, 8), new(0.5, 1, 12), new(1, 1.5, 10)];

        AggregateThroughputChart.Render(buckets, 20, with, routerLink: [new RouterLinkRate(-0.2, 0.8, 9), new RouterLinkRate(0.8, 1.6, 11)]);
        AggregateThroughputChart.Render(buckets, 20, without);

        Png.CountPixels(with, ChartPalette.RouterLink).Should().BeGreaterThan(100);
        Png.CountPixels(without, ChartPalette.RouterLink).Should().Be(0);
    }
}
