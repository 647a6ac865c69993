using NetnsBdd.Drivers.Downloads;
using NetnsBdd.Drivers.Health;
using NetnsBdd.Tests.Downloads;

namespace NetnsBdd.Tests.Reports;

/// <summary>Synthetic downloads and health samples, built as the drivers would return them.</summary>
internal static class ReportData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A client downloading at a steady rate, with a progress point every second.</summary>
    public static ClientDownloadResult Client(string ns, DownloadOutcome outcome, double startOffset, double duration, long bytes)
    {
        var progress = Enumerable.Range(1, (int)Math.Floor(duration))
            .Select(s => new TransferProgress(TimeSpan.FromSeconds(s), (long)(bytes * s / duration)))
            .ToArray();
        return DownloadAggregateTests.Client(ns, outcome, startOffset, duration, bytes) with { Progress = progress, ServerAddress = bytes > 0 ? "10.0.0.1" : null };
    }

    public static DownloadRun Run(params ClientDownloadResult[] results) => new(
        new DownloadRequest(new Uri("http://10.0.0.1/file.bin"), TimeSpan.FromSeconds(10)),
        results,
        DownloadAggregate.From(results));

    /// <summary>Four clients on a link shaped to 40 Mbit/s: two finish, one times out, one is refused.</summary>
    public static DownloadRun FourClients() => Run(
        Client("nbdd-c1", DownloadOutcome.Ok, 0.00, 4.0, 5_000_000),
        Client("nbdd-c2", DownloadOutcome.Ok, 0.05, 5.0, 5_000_000),
        Client("nbdd-c3", DownloadOutcome.Timeout, 0.10, 8.0, 3_000_000),
        Client("nbdd-c4", DownloadOutcome.ConnectionRefused, 0.15, 0.01, 0));

    public static HealthSample Sample(int index, double seconds, double? cpu, double? celsius, double ramUsedPercent) =>
        new(
            index,
            TimeSpan.FromSeconds(seconds),
            T0.AddSeconds(seconds),
            cpu,
            cpu is null ? [] : [new CoreUsage(0, cpu.Value), new CoreUsage(1, cpu.Value)],
            celsius is null ? [] : [new TemperatureReading("cpu-thermal", celsius.Value)],
            new MemoryReading(4096L << 20, (long)((4096L << 20) * (1 - ramUsedPercent / 100))),
            null,
            new LoadAverage(1.5, 1, 0.5),
            [],
            null,
            [],
            []);

    /// <summary>A sample every 2 s for <paramref name="count"/> samples, CPU climbing, temperature optional.</summary>
    public static HealthSeries Health(int count, bool withTemperature) => new(
        Enumerable.Range(0, count)
            .Select(i => Sample(i, i * 2.0, 20 + 60.0 * i / Math.Max(1, count - 1), withTemperature ? 52 + i * 0.8 : null, 30 + i))
            .ToArray());
}
