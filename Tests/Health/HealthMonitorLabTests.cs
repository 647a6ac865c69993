using System.Collections.Concurrent;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Drivers.Server;
using NetnsBdd.Support.Settings;

namespace NetnsBdd.Tests.Health;

/// <summary>The monitor while the lab's clients really download (needs root): cadence and CPU truth under network load.</summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class HealthMonitorLabTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(300);

    [Test]
    [CancelAfter(60_000)]
    public async Task During_a_ten_second_lab_download_it_samples_every_two_seconds_and_agrees_with_proc_stat(CancellationToken cancellationToken)
    {
        await using var lab = await NamespaceLab.StartAsync(new LabSettings { Clients = 10 }, cancellationToken: cancellationToken);
        var server = lab.RegisterForTeardown(await DownloadServer.StartAsync(
            DownloadServerOptions.ForLab(lab), cancellationToken));
        // 10 clients x 10 MiB through an 80 Mbit/s router: about 11 s of steady network load.
        await lab.SetDownstreamRateAsync(80, cancellationToken);
        var request = new DownloadRequest(server.HttpUrl(10 * 1024 * 1024), TimeSpan.FromSeconds(40));
        var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Out);

        var independent = new ConcurrentDictionary<int, (long Busy, long Total)>();
        await using var monitor = new HealthMonitor(new HealthMonitorOptions { Interval = Interval }, TestContext.Progress);
        monitor.SampleTaken += sample => independent[sample.Index] = IndependentProcStat.Read();
        await monitor.StartAsync(cancellationToken);
        var run = await manager.StartParallelDownloadAsync([.. lab.Clients.Select(c => c.Namespace)], request, cancellationToken);
        var series = await monitor.StopAsync();

        run.Aggregate.WallSeconds.Should().BeGreaterThan(10, "the load must last the window the monitor is judged over");
        run.Aggregate.Succeeded.Should().Be(10);
        series.Samples.Should().HaveCountGreaterThanOrEqualTo(5);
        // The cadence is the periodic samples'; the final one ends wherever the download did.
        new HealthSeries([.. series.Samples.Where(s => s.Kind is SampleKind.Periodic or SampleKind.Baseline)])
            .SampleIntervals.Should().AllSatisfy(gap => gap.Should().BeCloseTo(Interval, Tolerance));
        var samples = series.Samples;
        var independentPercent = IndependentProcStat.BusyPercent(independent[samples[0].Index], independent[samples[^1].Index]);
        var monitorPercent = TimeWeighted.Average(samples, s => s.CpuPercent);
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"{samples.Count} samples; monitor CPU {monitorPercent:0.0}% vs independent /proc/stat {independentPercent:0.0}% during a {run.Aggregate.WallSeconds:0.0} s download"));
        monitorPercent.Should().BeApproximately(independentPercent, 3.0);
    }
}
