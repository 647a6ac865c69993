using System.Collections.Concurrent;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Drivers.Lab;
using NetnsBdd.Drivers.Processes;
using NetnsBdd.Support.Reports;
using NetnsBdd.Support.Settings;
using NetnsBdd.Support;
using NetnsBdd.Tests.Lab;
using NetnsBdd.Tests.Reports;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// The health series of real lab downloads (needs root): a download shorter than one interval is still covered by a
/// sample, and the suite's share of the CPU agrees with an independent read of the same processes.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class SuiteShareLabTests
{
    private const long MiB = 1024 * 1024;

    [SetUp]
    public void RequireRoot()
    {
        if (!Privileges.IsRoot)
        {
            Assert.Ignore("Lab tests make network namespaces and need root; run the suite as root (e.g. in CI).");
        }
    }

    [Test]
    public async Task A_download_shorter_than_the_interval_is_covered_by_a_sample_and_gets_every_health_file(CancellationToken cancellationToken)
    {
        // 10 x 4 MiB takes well under a second on a quiet host; the 10 s interval keeps the download shorter than one
        // interval also on a host other work loads heavily (the shared CI machine reached a load average of 38).
        var settings = new SuiteSettings { Health = new HealthSettings { IntervalSeconds = 10 } };
        await using var health = new HealthContext(settings);
        var lab = new LabDriver(settings.Lab, settings.Latency);
        string? prefix = null;
        try
        {
            // Wired as the scenario hooks wire them: the monitor starts with the scenario, the manager marks the start.
            lab.RouterCountersReady += health.Watch;
            await health.StartAsync(TestContext.Progress, cancellationToken);
            await lab.StartAsync(10, null, cancellationToken);
            prefix = lab.Names.Prefix;
            // On a quiet host the set-up takes ~0.1 s, within the minimum gap for an extra sample, and the mark would
            // rightly be skipped; a set-up longer than that gap is what this test is about.
            await Task.Delay(HealthMonitor.MinimumExtraInterval * 2, cancellationToken);
            var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Out);
            manager.Starting += health.Mark;
            var request = new DownloadRequest(lab.Server!.HttpUrl(4 * MiB), TimeSpan.FromSeconds(30)) { ExpectedBytes = 4 * MiB };

            var run = await manager.StartParallelDownloadAsync(lab.ClientNamespaces, request, cancellationToken);
            var series = await health.StopAsync();

            // Coverage, not delivery, is judged here: under heavy load a client may miss its neighbour resolution.
            run.Aggregate.Succeeded.Should().BeGreaterThan(0, run.Describe());
            var (from, to) = (run.Aggregate.FirstStart, run.Aggregate.LastEnd);
            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"download {from:HH:mm:ss.fff}-{to:HH:mm:ss.fff} ({run.Aggregate.WallSeconds:0.000} s); samples: {string.Join(", ", series.Samples.Select(s => $"{s.Kind} {s.Timestamp:HH:mm:ss.fff} CPU {s.CpuPercent:0.#} suite {s.SuiteCpuPercent:0.#}"))}"));
            (to - from).Should().BeLessThan(health.Interval, "the point is a download shorter than one sampling interval");
            var covering = series.Samples.Where((s, i) => i > 0 && series.IntervalStart(i, health.Interval) <= from && s.Timestamp >= to).ToArray();
            covering.Should().ContainSingle("one sample's interval spans the whole download")
                .Which.Should().Match<HealthSample>(s => s.Kind == SampleKind.Final && s.CpuPercent != null && s.SuiteCpuPercent != null);
            series.Samples.Select(s => s.Kind).Should().StartWith([SampleKind.Baseline, SampleKind.Mark], "the mark just before the clients start ends the set-up's interval");
            series.During(from, to, health.Interval).MaxCpuPercent.Should().NotBeNull("the download can be judged on its own");

            using var folder = new TempFolder();
            var files = ScenarioArtifacts.Write(folder.Path, new ScenarioReport("short", "Passed") { Download = run, Health = series });
            files.Select(Path.GetFileName).Should().Contain([ScenarioArtifacts.HealthCsv, ScenarioArtifacts.HealthJson, ScenarioArtifacts.HealthPng]);
        }
        finally
        {
            await lab.DisposeAsync();
        }

        if (prefix is not null)
        {
            (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
        }
    }

    [Test]
    public async Task During_a_ten_client_download_the_suite_share_agrees_with_an_independent_proc_read(CancellationToken cancellationToken)
    {
        var settings = new SuiteSettings();
        var lab = new LabDriver(settings.Lab, settings.Latency);
        string? prefix = null;
        try
        {
            await lab.StartAsync(10, null, cancellationToken);
            prefix = lab.Names.Prefix;
            // 10 x 40 MiB through 500 Mbit/s: about 7 s, several 2 s intervals with 10 wget and the server busy.
            await lab.ShapeDownstreamAsync(500, cancellationToken);
            var manager = new DownloadManager(new WgetEngine(new CommandRunner()), TestContext.Out);
            var request = new DownloadRequest(lab.Server!.HttpUrl(40 * MiB), TimeSpan.FromSeconds(60)) { ExpectedBytes = 40 * MiB };

            var independent = new ConcurrentDictionary<int, (long Suite, long Host)>();
            await using var monitor = new HealthMonitor(new HealthMonitorOptions { Interval = TimeSpan.FromSeconds(2) }, TestContext.Progress);
            monitor.SampleTaken += sample => independent[sample.Index] = (IndependentSuiteStat.Ticks(), IndependentProcStat.Read().Total);
            await monitor.StartAsync(cancellationToken);
            var run = await manager.StartParallelDownloadAsync(lab.ClientNamespaces, request, cancellationToken);
            var series = await monitor.StopAsync();

            run.Aggregate.Succeeded.Should().Be(10, run.Describe());
            var samples = series.Samples;
            samples.Count.Should().BeGreaterThanOrEqualTo(4);
            var (first, last) = (independent[samples[0].Index], independent[samples[^1].Index]);
            var independentPercent = 100.0 * (last.Suite - first.Suite) / (last.Host - first.Host);
            var measured = samples.Skip(1).ToArray();
            var monitorPercent = TimeWeighted.Average(samples, s => s.SuiteCpuPercent);
            var hostPercent = TimeWeighted.Average(samples, s => s.CpuPercent);
            TestContext.Out.WriteLine(FormattableString.Invariant(
                $"{samples.Count} samples over a {run.Aggregate.WallSeconds:0.0} s download; host CPU {hostPercent:0.0}%, suite {monitorPercent:0.0}% vs independent /proc {independentPercent:0.0}%; per sample suite: {string.Join(", ", measured.Select(s => $"{s.SuiteCpuPercent:0.0}"))}; processes {string.Join(", ", samples.Select(s => s.Suite?.Processes))}"));

            monitorPercent.Should().BeApproximately(independentPercent, 5.0);
            monitorPercent.Should().BeGreaterThan(5, "10 wget and the server moving 500 Mbit/s are not idle");
            samples.Max(s => s.Suite!.Processes).Should().BeGreaterThan(10, "the test host and its wget (with their timeout and ip parents) were counted");
        }
        finally
        {
            await lab.DisposeAsync();
        }

        if (prefix is not null)
        {
            (await LabLeftovers.FindAsync(prefix)).Should().BeEmpty();
        }
    }
}
