using System.Globalization;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>The monitor's loop over a fake Pi 4, at a short interval so the tests stay quick.</summary>
[TestFixture]
[Category("unit")]
public sealed class HealthMonitorTests
{
    private static readonly HealthMonitorOptions FastOptions = new() { Interval = TimeSpan.FromMilliseconds(50), SuiteProcessId = 4242, PageSizeBytes = 4096 };

    private static FixtureHostFiles Pi4() =>
        new FixtureHostFiles(PiFixtures.Pi4).WithGenerated(HostPaths.ProcStat, n => SyntheticProcStat.Generate(n, 25));

    private static async Task<HealthSeries> RunUntil(HealthMonitor monitor, int samples)
    {
        await monitor.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (monitor.Series.Samples.Count < samples && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return await monitor.StopAsync();
    }

    private static async Task WaitForSamples(HealthMonitor monitor, int samples)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (monitor.Series.Samples.Count < samples && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private static async Task<HealthSeries> RunOn(HealthMonitor monitor, int samples)
    {
        await WaitForSamples(monitor, samples);
        return await monitor.StopAsync();
    }

    [Test]
    public async Task Keeps_sampling_with_n_a_for_a_broken_file_and_values_for_the_rest()
    {
        var output = new StringWriter();
        var files = Pi4().With(HostPaths.MemInfo, PiFixtures.Read("malformed/meminfo-no-memavailable"));
        await using var monitor = new HealthMonitor(FastOptions, output, files, new FixedDiskSpace());

        var series = await RunUntil(monitor, 3);

        series.Samples.Should().HaveCountGreaterThanOrEqualTo(3);
        series.Samples[0].Kind.Should().Be(SampleKind.Baseline);
        series.Samples[0].CpuPercent.Should().BeNull("the baseline has no interval to measure CPU over");
        series.Samples.Skip(1).Should().AllSatisfy(s =>
        {
            s.Memory.Should().BeNull();
            s.CpuPercent.Should().BeApproximately(25.0, 1e-9);
            s.Errors.Should().ContainSingle().Which.Message.Should().Be(
                "/proc/meminfo: expected a 'MemAvailable:' line but found 'no such line in 40 lines'");
        });
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("CPU baseline | Temp 61.2°C | RAM n/a (suite 208 MB) | Disk 63% | Load 1.84 | Throttle ok");
        lines[2].Should().Be("CPU 25% (suite 0%) | Temp 61.2°C | RAM n/a (suite 208 MB) | Disk 63% | Load 1.84 | Throttle ok");
        lines.Count(l => l.Contains("health Memory: /proc/meminfo", StringComparison.Ordinal))
            .Should().Be(1, "an error that persists is printed once, not every tick");
    }

    [Test]
    public async Task Samples_are_numbered_with_increasing_monotonic_and_wall_clock_times()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());

        var series = await RunUntil(monitor, 3);

        series.Samples.Select(s => s.Index).Should().BeInAscendingOrder().And.StartWith(0);
        series.Samples.Select(s => s.Elapsed).Should().BeInAscendingOrder();
        series.Samples.Select(s => s.Timestamp).Should().BeInAscendingOrder();
        series.Samples[0].Should().Match<HealthSample>(s => s.Kind == SampleKind.Baseline && s.Elapsed < TimeSpan.FromMilliseconds(45));
        series.Samples[1].Kind.Should().Be(SampleKind.Periodic);
        series.Samples[1].Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(45), "periodic samples come an interval after the baseline");
    }

    [Test]
    public async Task Stops_when_the_start_token_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());
        await monitor.StartAsync(cts.Token);

        await cts.CancelAsync();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (monitor.IsRunning && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        monitor.IsRunning.Should().BeFalse();
    }

    [Test]
    public async Task A_throwing_sample_handler_does_not_stop_the_monitor()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());
        monitor.SampleTaken += _ => throw new InvalidOperationException("handler bug");

        var series = await RunUntil(monitor, 3);

        series.Samples.Should().HaveCountGreaterThanOrEqualTo(3);
    }

    [Test]
    public async Task Reads_a_network_source_added_while_running_and_stops_reading_it_once_removed()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());
        await monitor.StartAsync();
        await WaitForSamples(monitor, 2);

        monitor.AddNetworkSource(new NetworkCounterSource("clients", "/proc/4242/task/4243/net/dev", ["veth-c1"]));
        var added = monitor.Series.Samples.Count;
        await WaitForSamples(monitor, added + 3);
        monitor.RemoveNetworkSource("clients").Should().BeTrue();
        var removed = monitor.Series.Samples.Count;
        var series = await RunOn(monitor, removed + 3);

        series.Samples.Take(added).Should().AllSatisfy(s => s.Network.Should().BeEmpty());
        // The sample in flight while adding or removing may go either way; the ones after must not.
        series.Samples.Skip(added + 1).Take(removed - added - 2).Should().NotBeEmpty().And.AllSatisfy(s =>
            s.Network.Should().Equal(new NetworkReading("clients", "veth-c1", 67239112, 1523004)));
        series.Samples.Skip(removed + 1).Should().NotBeEmpty().And.AllSatisfy(s => s.Network.Should().BeEmpty());
        series.Errors.Should().BeEmpty();
    }

    [Test]
    public async Task Refuses_a_second_network_source_of_the_same_name()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());
        monitor.AddNetworkSource(new NetworkCounterSource("clients", HostPaths.ProcNetDev, ["eth0"]));

        var act = () => monitor.AddNetworkSource(new NetworkCounterSource("clients", "/proc/4242/task/4243/net/dev", ["veth-c1"]));

        act.Should().Throw<ArgumentException>().WithMessage("A network source named 'clients' is already watched*");
        monitor.RemoveNetworkSource("server").Should().BeFalse();
    }

    [Test]
    public async Task Refuses_a_network_source_without_interfaces()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());

        var act = () => monitor.AddNetworkSource(new NetworkCounterSource("clients", HostPaths.ProcNetDev, []));

        act.Should().Throw<ArgumentException>().WithMessage("Network source 'clients' (/proc/net/dev) names no interfaces.*");
    }

    [Test]
    public async Task Cannot_be_started_twice()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());
        await monitor.StartAsync();

        var act = () => monitor.StartAsync();

        await act.Should().ThrowAsync<InvalidOperationException>();
    }

    [Test]
    public async Task Stopping_a_monitor_that_never_started_returns_an_empty_series()
    {
        await using var monitor = new HealthMonitor(FastOptions, TextWriter.Null, Pi4(), new FixedDiskSpace());

        (await monitor.StopAsync()).Samples.Should().BeEmpty();
    }

    [Test]
    public void Rejects_a_non_positive_interval()
    {
        var act = () => new HealthMonitor(new HealthMonitorOptions { Interval = TimeSpan.Zero }, TextWriter.Null, Pi4(), new FixedDiskSpace());

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("The health sampling interval must be positive.*");
    }

    [Test]
    public async Task A_run_shorter_than_one_interval_has_the_baseline_and_a_final_sample_covering_it()
    {
        // On a clock the test moves: Task.Delay(400) on the real clock once ended 0.7 ms before the monitor's own
        // clock had counted 400 ms (CI, 2026-12-02), and what is under test is the final sample, not the timer.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z", CultureInfo.InvariantCulture));
        await using var monitor = new HealthMonitor(FastOptions with { Interval = TimeSpan.FromSeconds(10) }, TextWriter.Null, Pi4(), new FixedDiskSpace(), clock);
        await monitor.StartAsync();
        clock.Advance(TimeSpan.FromMilliseconds(400));

        var series = await monitor.StopAsync();

        series.Samples.Select(s => s.Kind).Should().Equal(SampleKind.Baseline, SampleKind.Final);
        series.Samples[1].CpuPercent.Should().BeApproximately(25, 1e-9);
        series.Samples[1].Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400));
        (await monitor.StopAsync()).Samples.Should().HaveCount(2, "only the first stop takes a final sample");
    }

    [Test]
    public async Task A_mark_ends_an_interval_unless_the_previous_sample_is_too_recent()
    {
        // On a clock the test moves: on a loaded or emulated host, real time between the start and the first mark can
        // exceed the minimum gap (seen under qemu on a busy 2-core CI runner), and the rule under test is about gaps.
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T00:00:00Z", CultureInfo.InvariantCulture));
        await using var monitor = new HealthMonitor(FastOptions with { Interval = TimeSpan.FromSeconds(10) }, TextWriter.Null, Pi4(), new FixedDiskSpace(), clock);
        await monitor.StartAsync();
        monitor.Mark();
        clock.Advance(TimeSpan.FromMilliseconds(400));
        monitor.Mark();
        clock.Advance(TimeSpan.FromMilliseconds(100));

        var series = await monitor.StopAsync();

        // The first mark came right after the baseline: skipped. The final sample 100 ms after the second mark is kept:
        // a mark opens the download's interval, and the final one closes it however short it is.
        series.Samples.Select(s => s.Kind).Should().Equal(SampleKind.Baseline, SampleKind.Mark, SampleKind.Final);
        series.Samples[1].CpuPercent.Should().NotBeNull();
        series.Samples[2].CpuPercent.Should().NotBeNull();
    }

    [Test]
    public async Task Marks_and_ticks_share_one_numbering_and_no_tick_measures_a_sliver_after_a_mark()
    {
        await using var monitor = new HealthMonitor(FastOptions with { Interval = TimeSpan.FromSeconds(1) }, TextWriter.Null, Pi4(), new FixedDiskSpace());
        await monitor.StartAsync();
        // Marks at about 0.4, 0.85 (just before the 1 s tick) and 1.4 s; stop at about 2.4 s.
        foreach (var delay in new[] { 400, 450, 550 })
        {
            await Task.Delay(delay);
            monitor.Mark();
        }

        await Task.Delay(1000);
        var series = await monitor.StopAsync();

        var samples = series.Samples;
        samples.Select(s => s.Index).Should().Equal(Enumerable.Range(0, samples.Count));
        samples.Select(s => s.Elapsed).Should().BeInAscendingOrder();
        samples.Should().Contain(s => s.Kind == SampleKind.Mark).And.Contain(s => s.Kind == SampleKind.Periodic);
        samples.Zip(samples.Skip(1)).Where(p => p.First.Kind == SampleKind.Mark && p.Second.Kind == SampleKind.Periodic)
            .Should().AllSatisfy(p => (p.Second.Elapsed - p.First.Elapsed).Should().BeGreaterThanOrEqualTo(HealthMonitor.MinimumExtraInterval));
    }
}
