using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Support.Reports;

/// <summary>What the health chart draws of one sample; null where the host had no reading.</summary>
public sealed record HealthPoint(double Seconds, double? CpuPercent, double? RamPercent, double? TemperatureCelsius)
{
    /// <summary>Samples on a clock that starts at <paramref name="origin"/>, so they line up with the download charts.</summary>
    public static IReadOnlyList<HealthPoint> From(HealthSeries series, DateTimeOffset origin) =>
        series.Samples
            .Select(s => new HealthPoint((s.Timestamp - origin).TotalSeconds, s.CpuPercent, s.Memory?.UsedPercent, s.MaxTemperatureCelsius))
            .ToArray();
}
