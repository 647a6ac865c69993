namespace NetnsBdd.Drivers.Health;

/// <summary>
/// One tick of the health monitor. A null or empty reading means absent on this host or failed;
/// failures are listed in <see cref="Errors"/>.
/// </summary>
/// <param name="Elapsed">Monotonic time since the monitor started.</param>
/// <param name="Timestamp">Wall-clock time, for lining up with other logs.</param>
public sealed record HealthSample(
    int Index,
    TimeSpan Elapsed,
    DateTimeOffset Timestamp,
    double? CpuPercent,
    IReadOnlyList<CoreUsage> Cores,
    IReadOnlyList<TemperatureReading> Temperatures,
    MemoryReading? Memory,
    DiskReading? Disk,
    LoadAverage? Load,
    IReadOnlyList<CpuFrequencyReading> CpuFrequencies,
    ThrottleState? Throttling,
    IReadOnlyList<NetworkReading> Network,
    IReadOnlyList<ReadingError> Errors)
{
    /// <summary>Why it was taken; a <see cref="SampleKind.Baseline"/> has no CPU figures (nothing to measure from yet).</summary>
    public SampleKind Kind { get; init; } = SampleKind.Periodic;

    /// <summary>The suite's own processes (test host and what it started); null when they could not be read.</summary>
    public SuiteReading? Suite { get; init; }

    public double? SuiteCpuPercent => Suite?.CpuPercent;

    /// <summary>The host's CPU use minus the suite's: the router software, the desktop, other users.</summary>
    /// <remarks>
    /// Never below 0: the host figure is counted from scheduler ticks and the processes' from their run time, so at
    /// low load the suite's can come out a little above the host's.
    /// </remarks>
    public double? RestCpuPercent => CpuPercent is { } host && SuiteCpuPercent is { } suite ? Math.Max(0, host - suite) : null;

    /// <summary>The suite's resident memory as a share of the host's RAM (MemTotal).</summary>
    public double? SuiteRamPercent => Suite is { } suite && Memory is { TotalBytes: > 0 } memory ? 100.0 * suite.RssBytes / memory.TotalBytes : null;

    /// <summary>The hottest zone, because that is the one that throttles first.</summary>
    public double? MaxTemperatureCelsius
    {
        get
        {
            double? max = null;
            foreach (var reading in Temperatures)
            {
                if (max is null || reading.Celsius > max)
                {
                    max = reading.Celsius;
                }
            }

            return max;
        }
    }
}
