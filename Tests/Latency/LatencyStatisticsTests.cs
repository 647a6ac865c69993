using FluentAssertions;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Latency;
using NUnit.Framework;

namespace NetnsBdd.Tests.Latency;

[TestFixture]
[Category("unit")]
public sealed class LatencyStatisticsTests
{
    private static readonly double[] OneToTen = [10, 3, 1, 7, 2, 9, 4, 8, 6, 5];

    [TestCase(0, 1)]
    [TestCase(50, 5.5)]
    [TestCase(90, 9.1)]
    [TestCase(99, 9.91)]
    [TestCase(100, 10)]
    public void Percentile_interpolates_between_closest_ranks(double percent, double expected) =>
        LatencyStatistics.Percentile(OneToTen, percent).Should().BeApproximately(expected, 1e-9);

    [Test]
    public void Percentile_of_an_odd_count_median_is_the_middle_value() =>
        LatencyStatistics.Percentile([5, 1, 3], 50).Should().Be(3);

    [Test]
    public void Percentile_of_one_value_is_that_value_and_of_none_is_NaN()
    {
        LatencyStatistics.Percentile([4.2], 99).Should().Be(4.2);
        double.IsNaN(LatencyStatistics.Percentile([], 50)).Should().BeTrue();
    }

    [TestCase(-1)]
    [TestCase(100.5)]
    [TestCase(double.NaN)]
    public void Percentile_outside_0_to_100_is_refused(double percent) =>
        FluentActions.Invoking(() => LatencyStatistics.Percentile(OneToTen, percent)).Should().Throw<ArgumentOutOfRangeException>();

    [Test]
    public void Trimmed_mean_drops_the_highest_share_only()
    {
        // 20 values 1..19 and one stall of 1000 ms: the 5 % trim drops exactly the stall.
        var values = Enumerable.Range(1, 19).Select(v => (double)v).Append(1000).ToArray();
        LatencyStatistics.TrimmedMean(values, 0.05).Should().BeApproximately(10, 1e-9);
        LatencyStatistics.TrimmedMean(values, 0).Should().BeApproximately((190 + 1000) / 20.0, 1e-9);
    }

    [Test]
    public void Trimmed_mean_rounds_the_trim_down_to_whole_samples()
    {
        // 10 values at 5 %: 0.5 of a sample, so none is dropped.
        LatencyStatistics.TrimmedMean(OneToTen, 0.05).Should().BeApproximately(5.5, 1e-9);
        // 10 values at 20 %: the two highest (9 and 10) go.
        LatencyStatistics.TrimmedMean(OneToTen, 0.2).Should().BeApproximately(4.5, 1e-9);
    }

    [Test]
    public void Trimmed_mean_of_none_is_NaN_and_a_full_trim_is_refused()
    {
        double.IsNaN(LatencyStatistics.TrimmedMean([], 0.05)).Should().BeTrue();
        FluentActions.Invoking(() => LatencyStatistics.TrimmedMean(OneToTen, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [TestCase(4.999, BufferbloatGrade.APlus)]
    [TestCase(5, BufferbloatGrade.A)]
    [TestCase(29.999, BufferbloatGrade.A)]
    [TestCase(30, BufferbloatGrade.B)]
    [TestCase(59.999, BufferbloatGrade.B)]
    [TestCase(60, BufferbloatGrade.C)]
    [TestCase(199.999, BufferbloatGrade.C)]
    [TestCase(200, BufferbloatGrade.D)]
    [TestCase(399.999, BufferbloatGrade.D)]
    [TestCase(400, BufferbloatGrade.F)]
    [TestCase(-3, BufferbloatGrade.APlus)]
    public void Bufferbloat_grade_boundaries(double addedMs, BufferbloatGrade expected) =>
        BufferbloatGrades.Of(addedMs).Should().Be(expected);

    [TestCase("A+", BufferbloatGrade.APlus)]
    [TestCase("a", BufferbloatGrade.A)]
    [TestCase("F", BufferbloatGrade.F)]
    public void Bufferbloat_grade_reads_as_printed(string text, BufferbloatGrade expected)
    {
        BufferbloatGrades.Parse(text).Should().Be(expected);
        BufferbloatGrades.Parse(expected.Name()).Should().Be(expected);
    }

    [Test]
    public void An_unknown_grade_is_refused_with_the_valid_ones_named() =>
        FluentActions.Invoking(() => BufferbloatGrades.Parse("E")).Should().Throw<ArgumentException>().WithMessage("*A+, A, B, C, D, F*");

    [TestCase(299.999, ResponsivenessClass.Poor)]
    [TestCase(300, ResponsivenessClass.Fair)]
    [TestCase(999.999, ResponsivenessClass.Fair)]
    [TestCase(1000, ResponsivenessClass.Good)]
    [TestCase(5999.999, ResponsivenessClass.Good)]
    [TestCase(6000, ResponsivenessClass.Excellent)]
    public void Rpm_class_boundaries(double rpm, ResponsivenessClass expected) =>
        ResponsivenessClasses.Of(rpm).Should().Be(expected);

    [TestCase(10, 6000)]
    [TestCase(200, 300)]
    [TestCase(121.1, 495.45)]
    public void Rpm_is_60000_over_the_round_trip_in_ms(double ms, double rpm) =>
        LatencyStatistics.Rpm(ms).Should().BeApproximately(rpm, 0.01);

    [Test]
    public void Measurement_adds_loaded_median_over_idle_median_and_weights_foreign_and_self_half_each()
    {
        // Idle: self 1 ms; loaded (2..4 s): self 101 ms and foreign connects of 3 ms; one self probe lost.
        var samples = new List<ProbeSample>();
        for (var i = 0; i < 10; i++)
        {
            samples.Add(new(ProbeKind.SelfIcmpServer, "c1", "s", 0.1 * i, 1));
            samples.Add(new(ProbeKind.SelfIcmpServer, "c1", "s", 2 + (0.1 * i), 101));
            samples.Add(new(ProbeKind.ForeignTcpConnect, "p", "s", 2 + (0.1 * i), 3));
        }

        samples.Add(new(ProbeKind.SelfIcmpGateway, "c1", "g", 2.5, null));
        var m = new LatencyMeasurement(samples, new LatencyWindow(0, 1.5), new LatencyWindow(1.5, 4), new LatencyWindow(2, 4), false);

        m.AddedMs.Should().Be(100);
        m.Grade.Should().Be(BufferbloatGrade.C);
        m.SelfLoaded.Lost.Should().Be(1);
        m.SelfLoaded.Sent.Should().Be(11);
        m.ResponsivenessRttMs.Should().Be(52);
        m.Rpm.Should().BeApproximately(60000 / 52.0, 1e-9);
        m.RpmClass.Should().Be(ResponsivenessClass.Good);
    }

    [Test]
    public void Under_a_load_with_uploads_the_rpm_comes_from_the_echoes_to_the_server_that_cross_the_upstream_queue()
    {
        var samples = new List<ProbeSample>();
        for (var i = 0; i < 10; i++)
        {
            samples.Add(new(ProbeKind.SelfIcmpGateway, "c1", "g", 0.1 * i, 1));
            samples.Add(new(ProbeKind.SelfIcmpGateway, "c1", "g", 2 + (0.1 * i), 5));
            samples.Add(new(ProbeKind.SelfIcmpServer, "c1", "s", 0.1 * i, 1));
            samples.Add(new(ProbeKind.SelfIcmpServer, "c1", "s", 2 + (0.1 * i), 601));
        }

        var windows = (new LatencyWindow(0, 1.5), new LatencyWindow(1.5, 4), new LatencyWindow(2, 4));
        var download = new LatencyMeasurement(samples, windows.Item1, windows.Item2, windows.Item3, false);
        var both = new LatencyMeasurement(samples, windows.Item1, windows.Item2, windows.Item3, false, LoadDirection.Both);

        download.ResponsivenessRttMs.Should().Be(download.SelfLoaded.TrimmedMeanMs, "a download's queue is crossed by every echo");
        download.SelfLoaded.TrimmedMeanMs.Should().BeLessThan(601);
        both.ResponsivenessRttMs.Should().Be(601);
        both.UploadAddedMs.Should().Be(600);
        both.RpmClass.Should().Be(ResponsivenessClass.Poor);
    }
}
