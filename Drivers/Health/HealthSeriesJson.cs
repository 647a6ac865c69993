using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetnsBdd.Drivers.Health;

/// <summary>JSON export of a series: summary figures plus every sample, camelCase, enums as names.</summary>
public static class HealthSeriesJson
{
    // Frozen at creation so the shared instance cannot be changed by anyone.
    private static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Write(HealthSeries series) => JsonSerializer.Serialize(
        new
        {
            summary = new
            {
                sampleCount = series.Samples.Count,
                series.MaxCpuPercent,
                series.MaxSuiteCpuPercent,
                series.MaxSuiteRssMegabytes,
                series.MaxTemperatureCelsius,
                series.MinAvailableRamMegabytes,
                series.AnyThrottling,
                throttleFlagsSeen = series.ThrottleFlagsSeen,
                sampleIntervalsSeconds = series.SampleIntervals.Select(i => i.TotalSeconds).ToArray(),
                errorCount = series.Errors.Count,
            },
            samples = series.Samples.Select(s => new
            {
                s.Index,
                s.Kind,
                elapsedSeconds = s.Elapsed.TotalSeconds,
                s.Timestamp,
                s.CpuPercent,
                s.SuiteCpuPercent,
                s.RestCpuPercent,
                s.Cores,
                s.Temperatures,
                memory = s.Memory is null ? null : new { s.Memory.TotalBytes, s.Memory.AvailableBytes, s.Memory.UsedPercent },
                suite = s.Suite is null ? null : new { s.Suite.CpuPercent, s.Suite.RssBytes, ramPercent = s.SuiteRamPercent, s.Suite.Processes },
                disk = s.Disk is null ? null : new { s.Disk.Path, s.Disk.TotalBytes, s.Disk.FreeBytes, s.Disk.AvailableBytes, s.Disk.UsedPercent },
                s.Load,
                s.CpuFrequencies,
                throttling = s.Throttling is null ? null : new { raw = s.Throttling.Hex, s.Throttling.Flags, s.Throttling.Any },
                s.Network,
                s.Errors,
            }),
        },
        Options);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            Converters = { new JsonStringEnumConverter() },
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
