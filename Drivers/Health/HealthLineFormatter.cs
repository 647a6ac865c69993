using System.Globalization;
using System.Text;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// The one-line live view of a sample:
/// <c>CPU 83% (suite 61%) | Temp 61.2°C | RAM 42% (suite 310 MB) | Disk 63% | Load 1.84 | Throttled: under-voltage, capped</c>.
/// CPU is the whole host's over the interval, "suite" the test host and the processes it started, on the same
/// all-cores scale; the baseline sample taken at the start has no interval and says so. The throttle part appears
/// only on a host with the Pi firmware file.
/// </summary>
public static class HealthLineFormatter
{
    private const string NotAvailable = "n/a";

    public static string Format(HealthSample sample)
    {
        var builder = new StringBuilder(96);
        builder.Append("CPU ");
        if (sample.Kind == SampleKind.Baseline)
        {
            builder.Append("baseline");
        }
        else
        {
            AppendOrNa(builder, sample.CpuPercent, "0", "%");
            if (sample.Suite is not null)
            {
                builder.Append(" (suite ");
                AppendOrNa(builder, sample.SuiteCpuPercent, "0", "%)");
                if (sample.SuiteCpuPercent is null)
                {
                    builder.Append(')');
                }
            }
        }

        builder.Append(" | Temp ");
        AppendOrNa(builder, sample.MaxTemperatureCelsius, "0.0", "°C");
        builder.Append(" | RAM ");
        AppendOrNa(builder, sample.Memory?.UsedPercent, "0", "%");
        if (sample.Suite is { } suite)
        {
            builder.Append(" (suite ").Append(suite.RssMegabytes.ToString("0", CultureInfo.InvariantCulture)).Append(" MB)");
        }
        builder.Append(" | Disk ");
        AppendOrNa(builder, sample.Disk?.UsedPercent, "0", "%");
        builder.Append(" | Load ");
        AppendOrNa(builder, sample.Load?.OneMinute, "0.00", string.Empty);

        var throttleFailed = false;
        foreach (var error in sample.Errors)
        {
            throttleFailed |= error.Reading == ReadingKind.Throttling;
        }

        if (sample.Throttling is { } throttling)
        {
            builder.Append(throttling.Any ? " | Throttled: " + throttling.Describe() : " | Throttle ok");
        }
        else if (throttleFailed)
        {
            builder.Append(" | Throttled: ").Append(NotAvailable);
        }

        return builder.ToString();

        static void AppendOrNa(StringBuilder builder, double? value, string format, string unit)
        {
            if (value is { } v)
            {
                builder.Append(v.ToString(format, CultureInfo.InvariantCulture)).Append(unit);
            }
            else
            {
                builder.Append(NotAvailable);
            }
        }
    }
}
