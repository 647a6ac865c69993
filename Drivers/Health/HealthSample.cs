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
