using System.Diagnostics;
using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// What one sample costs on this host: the sampler and line formatting, back to back on the real
/// /proc and /sys. Prints figures only; the sanity assertions cannot flag a slow machine.
/// </summary>
[TestFixture]
[Category("benchmark")]
[Explicit("Measures cost; run on demand, e.g. on the Pi.")]
[NonParallelizable]
public sealed class HealthSamplerBenchmark
{
    private const int Warmup = 20;
    private const int Samples = 200;
    private static readonly TimeSpan ProductionInterval = TimeSpan.FromSeconds(2);

    [Test]
    public void Cpu_time_per_sample()
    {
        var options = new HealthMonitorOptions
        {
            NetworkSources = [new NetworkCounterSource("host", HostPaths.ProcNetDev, ["lo"])],
        };
        var sampler = new HealthSampler(options, new HostFiles(), new HostDiskSpace());
        sampler.Prime();
        var sink = TextWriter.Null;
        for (var i = 0; i < Warmup; i++)
        {
            sink.WriteLine(HealthLineFormatter.Format(sampler.Take(i, TimeSpan.Zero, DateTimeOffset.UtcNow)));
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var threadBefore = ThreadCpu();
        var processBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        HealthSample last = null!;
        for (var i = 0; i < Samples; i++)
        {
            last = sampler.Take(i, wall.Elapsed, DateTimeOffset.UtcNow);
            sink.WriteLine(HealthLineFormatter.Format(last));
        }

        wall.Stop();
        var process = Process.GetCurrentProcess().TotalProcessorTime - processBefore;
        var thread = ThreadCpu() - threadBefore;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var threadPerSample = thread / Samples;
        var processPerSample = process / Samples;
        var c = CultureInfo.InvariantCulture;
        TestContext.Out.WriteLine(string.Create(c, $"{Samples} samples back to back; last: {HealthLineFormatter.Format(last)}"));
        TestContext.Out.WriteLine(string.Create(c, $"wall    {wall.Elapsed.TotalMicroseconds / Samples,8:0} us/sample"));
        TestContext.Out.WriteLine(string.Create(c, $"thread  {threadPerSample.TotalMicroseconds,8:0} us CPU/sample = {Share(threadPerSample):0.000} % of one core at a {ProductionInterval.TotalSeconds:0} s interval"));
        TestContext.Out.WriteLine(string.Create(c, $"process {processPerSample.TotalMicroseconds,8:0} us CPU/sample = {Share(processPerSample):0.000} % of one core (includes GC and test host threads)"));
        TestContext.Out.WriteLine(string.Create(c, $"alloc   {allocated / Samples,8} bytes/sample"));

        // Back to back, /proc/stat often has not ticked (USER_HZ=100), so CPU % may be n/a; every other
        // reading must be complete or the figure would flatter the sampler.
        last.Errors.Where(e => e.Reading != ReadingKind.Cpu).Should().BeEmpty("the benchmark must measure complete samples");
        thread.Should().BePositive();
    }

    private static double Share(TimeSpan perSample) => 100.0 * perSample / ProductionInterval;

    // /proc/thread-self/schedstat's first field is this thread's time on CPU in ns; it isolates the
    // sampler from the test host's other threads. Falls back to the process figure without schedstats.
    private static TimeSpan ThreadCpu()
    {
        const string path = "/proc/thread-self/schedstat";
        if (!File.Exists(path))
        {
            return Process.GetCurrentProcess().TotalProcessorTime;
        }

        var nanoseconds = long.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}
