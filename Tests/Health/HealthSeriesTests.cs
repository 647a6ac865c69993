using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

[TestFixture]
[Category("unit")]
public sealed class HealthSeriesTests
{
    private static readonly DateTimeOffset Start = new(2025, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static HealthSample Sample(int index, double seconds, double? cpu, double? temp, long availableMb, uint? throttle, long rxBytes) =>
        new(
            index,
            TimeSpan.FromSeconds(seconds),
            Start.AddMilliseconds(Math.Round(seconds * 1000)),
            cpu,
            cpu is null ? [] : [new CoreUsage(0, cpu.Value)],
            temp is null ? [] : [new TemperatureReading("cpu-thermal", temp.Value)],
            new MemoryReading(4096L << 20, availableMb << 20),
            null,
            new LoadAverage(1.5, 1, 0.5),
            [],
            throttle is null ? null : new ThrottleState(throttle.Value),
            [new NetworkReading("wan", "eth0", rxBytes, 0)],
            cpu is null ? [new ReadingError(ReadingKind.Cpu, "/proc/stat line 3: expected x, but found y")] : []);

    private static HealthSeries Series() => new(
    [
        Sample(0, 2.0, 20, 55.5, 3000, 0, 0) with { Suite = new SuiteReading(12.5, 300L << 20, 7) },
        Sample(1, 4.1, null, 71.25, 2500, 0x50005, 50_000_000),
        Sample(2, 6.0, 85.5, null, 2800, 0, 100_000_000),
    ]);

    [Test]
    public void Answers_the_summary_questions()
    {
        var series = Series();

        series.MaxCpuPercent.Should().Be(85.5);
        series.MaxTemperatureCelsius.Should().Be(71.25);
        series.MinAvailableRamMegabytes.Should().Be(2500);
        series.AnyThrottling.Should().BeTrue();
        series.ThrottleFlagsSeen.Should().Be(new ThrottleState(0x50005).Flags);
        series.SampleIntervals.Select(i => i.TotalSeconds).Should().Equal([2.1, 1.9], (a, b) => Math.Abs(a - b) < 1e-9);
        series.Errors.Should().ContainSingle();
    }

    [Test]
    public void An_empty_series_has_no_extremes()
    {
        HealthSeries.Empty.MaxCpuPercent.Should().BeNull();
        HealthSeries.Empty.AnyThrottling.Should().BeFalse();
        HealthSeries.Empty.SampleIntervals.Should().BeEmpty();
    }

    [Test]
    public void Derives_interface_throughput_between_samples()
    {
        var rates = Series().Throughput("wan", "eth0");

        rates.Select(r => r.RxBytesPerSecond).Should().Equal([50_000_000 / 2.1, 50_000_000 / 1.9], (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Test]
    public void Csv_has_a_header_row_invariant_numbers_and_empty_cells_for_absent_readings()
    {
        var lines = Series().ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(4);
        lines[0].Should().Be(
            "timestamp_utc,elapsed_s,kind,cpu_percent,cpu_suite_percent,cpu_rest_percent,cpu0_percent,temp_cpu-thermal_c," +
            "ram_used_percent,ram_available_mb,suite_rss_mb,suite_ram_percent,suite_processes,disk_used_percent," +
            "load1,load5,load15,throttled_raw,throttled_flags," +
            "net_wan_eth0_rx_bytes,net_wan_eth0_tx_bytes,net_wan_eth0_rx_mbit_s,net_wan_eth0_tx_mbit_s,errors");
        // 20 % of all cores for the host, 12.5 % of it the suite's: 7.5 % the rest; 300 MiB of 4 GiB is 7.324 %.
        lines[1].Should().Be("2025-11-24T10:00:02.000Z,2,periodic,20,12.5,7.5,20,55.5,26.758,3000,300,7.324,7,,1.5,1,0.5,0x0,None,0,0,,,");
        lines[2].Should().Be(
            "2025-11-24T10:00:04.100Z,4.1,periodic,,,,,71.25,38.965,2500,,,,,1.5,1,0.5,0x50005,\"UnderVoltage, Throttled, UnderVoltageOccurred, ThrottledOccurred\"," +
            "50000000,0,190.476,0,\"/proc/stat line 3: expected x, but found y\"");
        lines[3].Should().EndWith(",100000000,0,210.526,0,", "50 MB in 1.9 s is 210.526 Mbit/s");
    }

    [Test]
    public void Csv_leaves_the_rate_empty_where_a_counter_went_back_and_after_a_sample_without_the_interface()
    {
        HealthSample At(int index, double seconds, IReadOnlyList<NetworkReading> network) =>
            Sample(index, seconds, 10, null, 3000, null, 0) with { Network = network };
        var series = new HealthSeries(
        [
            At(0, 2, [new NetworkReading("clients", "nbddb", 1000, 5_000_000)]),
            At(1, 4, [new NetworkReading("clients", "nbddb", 1000, 30_000_000)]),
            At(2, 6, [new NetworkReading("clients", "nbddb", 10, 100)]),
            At(3, 8, []),
            At(4, 10, [new NetworkReading("clients", "nbddb", 20, 200)]),
            At(5, 12, [new NetworkReading("clients", "nbddb", 520, 2_500_200)]),
        ]);

        var rows = series.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => string.Join(',', l.Split(',').TakeLast(5))).ToArray();

        rows.Should().Equal(
            "net_clients_nbddb_rx_bytes,net_clients_nbddb_tx_bytes,net_clients_nbddb_rx_mbit_s,net_clients_nbddb_tx_mbit_s,errors",
            "1000,5000000,,,",
            "1000,30000000,0,100,",
            "10,100,,,",
            ",,,,",
            "20,200,,,",
            "520,2500200,0.002,10,");
    }

    [Test]
    public void Csv_records_the_uplink_s_carrier_where_the_source_reads_it()
    {
        HealthSample At(int index, double seconds, IReadOnlyList<NetworkReading> network) =>
            Sample(index, seconds, 10, null, 3000, null, 0) with { Network = network };
        var series = new HealthSeries(
        [
            At(0, 2, [new NetworkReading("uplink", "eth0", 1000, 10) { Carrier = true }, new NetworkReading("clients", "nbddb", 5, 5)]),
            At(1, 4, [new NetworkReading("uplink", "eth0", 2000, 20) { Carrier = false }, new NetworkReading("clients", "nbddb", 6, 6)]),
        ]);

        var lines = series.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[0].Should().Contain("net_uplink_eth0_tx_mbit_s,net_uplink_eth0_carrier,net_clients_nbddb_rx_bytes")
            .And.NotContain("nbddb_carrier", "a source without a carrier to read gets no column");
        lines[1].Split(',')[Array.IndexOf(lines[0].Split(','), "net_uplink_eth0_carrier")].Should().Be("1");
        lines[2].Split(',')[Array.IndexOf(lines[0].Split(','), "net_uplink_eth0_carrier")].Should().Be("0");
    }

    [Test]
    public void Json_round_trips_through_a_parser_with_summary_and_samples()
    {
        using var document = JsonDocument.Parse(Series().ToJson());
        var root = document.RootElement;

        root.GetProperty("summary").GetProperty("sampleCount").GetInt32().Should().Be(3);
        root.GetProperty("summary").GetProperty("maxTemperatureCelsius").GetDouble().Should().Be(71.25);
        var second = root.GetProperty("samples")[1];
        second.GetProperty("cpuPercent").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("throttling").GetProperty("raw").GetString().Should().Be("0x50005");
        second.GetProperty("errors")[0].GetProperty("reading").GetString().Should().Be("Cpu");
        second.GetProperty("elapsedSeconds").GetDouble().Should().Be(4.1);
    }

    [Test]
    public void During_keeps_the_samples_whose_interval_lies_at_least_half_inside_the_window()
    {
        var series = new HealthSeries([Sample(0, 2, 90, null, 3000, null, 0), Sample(1, 4, 30, null, 3000, null, 0), Sample(2, 6, 40, null, 3000, null, 0), Sample(3, 8, 95, null, 3000, null, 0)]);
        IReadOnlyList<int> Indexes(double from, double to) =>
            [.. series.During(Start.AddSeconds(from), Start.AddSeconds(to), TimeSpan.FromSeconds(2)).Samples.Select(s => s.Index)];

        // Intervals 0-2, 2-4, 4-6, 6-8 s. A download from 2.5 to 7.2 s is three quarters of 2-4 and 60 % of 6-8.
        Indexes(2.5, 7.2).Should().Equal(1, 2, 3);
        // From 3.2 to 6.5 s: 2-4 was mostly set-up (0.8 of 2 s) and 6-8 mostly idle (0.5 of 2 s).
        Indexes(3.2, 6.5).Should().Equal(2);
        series.During(Start.AddSeconds(2.5), Start.AddSeconds(7.2), TimeSpan.FromSeconds(2)).MaxCpuPercent.Should().Be(95);
    }

    [Test]
    public void During_a_window_shorter_than_the_interval_keeps_the_final_sample_that_covers_it()
    {
        // A 1.5 s scenario at a 2 s interval: the baseline, a mark just before the download, the final sample at stop.
        var series = new HealthSeries(
        [
            Sample(0, 0, null, null, 3000, null, 0) with { Kind = SampleKind.Baseline, Errors = [] },
            Sample(1, 0.2, 60, null, 3000, null, 0) with { Kind = SampleKind.Mark },
            Sample(2, 1.5, 85, null, 3000, null, 0) with { Kind = SampleKind.Final },
        ]);

        var during = series.During(Start.AddSeconds(0.21), Start.AddSeconds(1.45), TimeSpan.FromSeconds(2));

        during.Samples.Select(s => s.Index).Should().Equal(2);
        during.MaxCpuPercent.Should().Be(85);
    }

    [Test]
    public void A_window_inside_one_interval_keeps_that_sample_even_when_it_fills_less_than_half_of_it()
    {
        // A 0.2 s download released at 0.3 s, the scenario stopping at 1.5 s: the final interval is mostly the end of
        // the scenario, but it is the only one measured over the download.
        var series = new HealthSeries(
        [
            Sample(0, 0, null, null, 3000, null, 0) with { Kind = SampleKind.Baseline, Errors = [] },
            Sample(1, 0.3, 60, null, 3000, null, 0) with { Kind = SampleKind.Mark },
            Sample(2, 1.5, 85, null, 3000, null, 0) with { Kind = SampleKind.Final },
        ]);

        series.During(Start.AddSeconds(0.3), Start.AddSeconds(0.5), TimeSpan.FromSeconds(2)).Samples.Select(s => s.Index).Should().Equal(2);
        series.During(Start.AddSeconds(0.25), Start.AddSeconds(0.5), TimeSpan.FromSeconds(2)).Samples.Should().BeEmpty(
            "a window that begins before the mark lies in two intervals and fills neither half-way");
    }

    [Test]
    public void The_router_link_rates_come_from_the_clients_source_between_samples_that_both_read_it()
    {
        HealthSample At(int index, double seconds, IReadOnlyList<NetworkReading> network) =>
            Sample(index, seconds, 10, null, 3000, null, 0) with { Network = network };
        var series = new HealthSeries(
        [
            At(0, 0, []),
            At(1, 0.5, [new NetworkReading("clients", "nbddb", 0, 1_000_000), new NetworkReading("server", "nbdds", 0, 0)]),
            At(2, 1.5, [new NetworkReading("clients", "nbddb", 0, 13_500_000)]),
            At(3, 2.0, [new NetworkReading("clients", "nbddb", 0, 14_000_000)]),
        ]);

        var rates = NetnsBdd.Support.Reports.RouterLinkRate.From(series, Start.AddSeconds(0.5));

        rates.Should().Equal(
            new NetnsBdd.Support.Reports.RouterLinkRate(0, 1, 100),
            new NetnsBdd.Support.Reports.RouterLinkRate(1, 1.5, 8));
    }
}
