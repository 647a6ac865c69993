using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// What the health chart draws of one sample; null where the host had no reading. CPU figures are averages over the
/// interval from <paramref name="IntervalStartSeconds"/> to <paramref name="Seconds"/>; RAM and temperature are
/// readings at <paramref name="Seconds"/>.
/// </summary>
public sealed record HealthPoint(
    double Seconds,
    double? CpuPercent,
    double? RamPercent,
    double? TemperatureCelsius,
    double IntervalStartSeconds = double.NaN,
    double? SuiteCpuPercent = null,
    double? SuiteRamPercent = null)
{
    /// <summary>Samples on a clock that starts at <paramref name="origin"/>, so they line up with the download charts.</summary>
    public static IReadOnlyList<HealthPoint> From(HealthSeries series, DateTimeOffset origin) =>
        series.Samples
            .Select((s, i) => new HealthPoint(
                (s.Timestamp - origin).TotalSeconds,
                s.CpuPercent,
                s.Memory?.UsedPercent,
                s.MaxTemperatureCelsius,
                i == 0 ? double.NaN : (series.Samples[i - 1].Timestamp - origin).TotalSeconds,
                s.SuiteCpuPercent,
                s.SuiteRamPercent))
            .ToArray();
}
