using System.Collections.Concurrent;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// The monitor on the real host under a CPU load it makes itself. Needs Linux /proc, not root; lab tier because it
/// times the real host (see Tests/TestTier.cs).
/// The lab lead re-runs the same checks during a real namespace download.
/// </summary>
[TestFixture]
[Category("lab")]
[NonParallelizable]
public sealed class HealthMonitorIntegrationTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(300);

    [Test]
    [CancelAfter(30_000)]
    public async Task Samples_every_two_seconds_under_cpu_load_and_agrees_with_an_independent_proc_stat_read(CancellationToken cancellationToken)
    {
        var independent = new ConcurrentDictionary<int, (long Busy, long Total)>();
        await using var monitor = new HealthMonitor(new HealthMonitorOptions { Interval = Interval }, TestContext.Progress);
        // Runs right after the monitor's own /proc/stat read, so both measure the same window.
        monitor.SampleTaken += sample => independent[sample.Index] = IndependentProcStat.Read();

        // Half the cores: a clearly loaded host whose CPU % is neither idle nor pinned at 100.
        using var burn = new CancellationTokenSource();
        var spinners = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount / 2))
            .Select(_ => StartSpinner(burn.Token))
            .ToArray();
        HealthSeries series;
        try
        {
            await monitor.StartAsync(cancellationToken);
            while (monitor.Series.Samples.Count(s => s.Kind == SampleKind.Periodic) < 3)
            {
                await Task.Delay(50, cancellationToken);
            }

            series = await monitor.StopAsync();
        }
        finally
        {
            await burn.CancelAsync();
            foreach (var spinner in spinners)
            {
                spinner.Join();
            }
        }

        var samples = series.Samples;
        samples[0].Kind.Should().Be(SampleKind.Baseline);
        var periodic = new HealthSeries([.. samples.Where(s => s.Kind == SampleKind.Periodic)]);
        periodic.Samples.Should().HaveCountGreaterThanOrEqualTo(3);
        periodic.Samples[0].Elapsed.Should().BeCloseTo(Interval, Tolerance, "the first periodic sample comes one interval after the baseline");
        periodic.SampleIntervals.Should().AllSatisfy(gap => gap.Should().BeCloseTo(Interval, Tolerance));

        var first = independent[samples[0].Index];
        var last = independent[samples[^1].Index];
        var independentPercent = IndependentProcStat.BusyPercent(first, last);
        var monitorPercent = TimeWeighted.Average(samples, s => s.CpuPercent);
        TestContext.Out.WriteLine(FormattableString.Invariant(
            $"monitor CPU over window {monitorPercent:0.0}% vs independent /proc/stat {independentPercent:0.0}% ({spinners.Length} spinner(s), {Environment.ProcessorCount} cores)"));

        monitorPercent.Should().BeApproximately(independentPercent, 3.0);
        monitorPercent.Should().BeGreaterThan(100.0 * spinners.Length / Environment.ProcessorCount - 15, "the spinners must show up as load");
    }

    private static Thread StartSpinner(CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            var x = 0UL;
            while (!stop.IsCancellationRequested)
            {
                x = (x * 6364136223846793005UL) + 1442695040888963407UL;
            }

            GC.KeepAlive(x);
        })
        { IsBackground = true, Name = "cpu-burn" };
        thread.Start();
        return thread;
    }
}
