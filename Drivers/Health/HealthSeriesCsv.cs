using System.Globalization;
using System.Text;

namespace NetnsBdd.Drivers.Health;

/// <summary>
/// CSV export: one header row, one row per sample, invariant culture, an absent reading as an empty cell.
/// Per-core, per-zone and per-interface columns are the union over all samples, so every row has the same shape.
/// Each interface has its cumulative byte counters and the rate since the previous sample in Mbit/s; the first
/// reading's rate cell is empty. CPU is split: the whole host, the suite's own processes (test host and what it started)
/// and the rest of the host, each a share of all cores over the interval ending at the row; memory likewise (the
/// suite's resident memory beside the host's MemAvailable). The baseline row (kind "baseline") has no CPU cells. The kernel counts skb lengths: with GSO one set of headers per super-packet, so under
/// a tc cap the rate sits between the cap's TCP payload share (~95.6 %) and the cap.
/// </summary>
public static class HealthSeriesCsv
{
    public static string Write(HealthSeries series)
    {
        var samples = series.Samples;
        var cores = samples.SelectMany(s => s.Cores.Select(c => c.Cpu)).Distinct().Order().ToArray();
        var zones = samples.SelectMany(s => s.Temperatures.Select(t => t.Zone)).Distinct().ToArray();
        var frequencies = samples.SelectMany(s => s.CpuFrequencies.Select(f => f.Cpu)).Distinct().Order().ToArray();
        var interfaces = samples.SelectMany(s => s.Network.Select(n => (n.Source, n.Interface))).Distinct().ToArray();
        var carriers = interfaces.Select(i => samples.Any(s => s.Network.Any(n => (n.Source, n.Interface) == i && n.Carrier is not null))).ToArray();

        var header = new List<string> { "timestamp_utc", "elapsed_s", "kind", "cpu_percent", "cpu_suite_percent", "cpu_rest_percent" };
        header.AddRange(cores.Select(c => Invariant($"cpu{c}_percent")));
        header.AddRange(zones.Select(z => $"temp_{z}_c"));
        header.AddRange(["ram_used_percent", "ram_available_mb", "suite_rss_mb", "suite_ram_percent", "suite_processes", "disk_used_percent", "load1", "load5", "load15"]);
        header.AddRange(frequencies.Select(f => Invariant($"cpu{f}_mhz")));
        header.AddRange(["throttled_raw", "throttled_flags"]);
        for (var i = 0; i < interfaces.Length; i++)
        {
            var (source, name) = interfaces[i];
            header.Add($"net_{source}_{name}_rx_bytes");
            header.Add($"net_{source}_{name}_tx_bytes");
            header.Add($"net_{source}_{name}_rx_mbit_s");
            header.Add($"net_{source}_{name}_tx_mbit_s");
            if (carriers[i])
            {
                header.Add($"net_{source}_{name}_carrier");
            }
        }

        header.Add("errors");

        var builder = new StringBuilder();
        AppendRow(builder, header);
        var row = new List<string>(header.Count);
        var previous = new (NetworkReading Reading, TimeSpan Elapsed)?[interfaces.Length];
        foreach (var s in samples)
        {
            row.Clear();
            row.Add(s.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            row.Add(Number(s.Elapsed.TotalSeconds));
            row.Add(s.Kind.ToString().ToLowerInvariant());
            row.Add(Number(s.CpuPercent));
            row.Add(Number(s.SuiteCpuPercent));
            row.Add(Number(s.RestCpuPercent));
            row.AddRange(cores.Select(c => Number(s.Cores.FirstOrDefault(u => u.Cpu == c)?.Percent)));
            row.AddRange(zones.Select(z => Number(s.Temperatures.FirstOrDefault(t => t.Zone == z)?.Celsius)));
            row.Add(Number(s.Memory?.UsedPercent));
            row.Add(Number(s.Memory?.AvailableMegabytes));
            row.Add(Number(s.Suite?.RssMegabytes));
            row.Add(Number(s.SuiteRamPercent));
            row.Add(s.Suite is null ? string.Empty : Invariant($"{s.Suite.Processes}"));
            row.Add(Number(s.Disk?.UsedPercent));
            row.Add(Number(s.Load?.OneMinute));
            row.Add(Number(s.Load?.FiveMinutes));
            row.Add(Number(s.Load?.FifteenMinutes));
            row.AddRange(frequencies.Select(f => Number(s.CpuFrequencies.FirstOrDefault(r => r.Cpu == f)?.Megahertz)));
            row.Add(s.Throttling?.Hex ?? string.Empty);
            row.Add(s.Throttling is null ? string.Empty : s.Throttling.Flags.ToString());
            for (var i = 0; i < interfaces.Length; i++)
            {
                var (source, name) = interfaces[i];
                var reading = s.Network.FirstOrDefault(n => n.Source == source && n.Interface == name);
                var rate = reading is not null && previous[i] is { } before
                    ? NetworkThroughput.Between(before.Reading, before.Elapsed, reading, s.Elapsed)
                    : null;
                previous[i] = reading is null ? null : (reading, s.Elapsed);
                row.Add(reading is null ? string.Empty : Invariant($"{reading.RxBytes}"));
                row.Add(reading is null ? string.Empty : Invariant($"{reading.TxBytes}"));
                row.Add(Number(rate?.RxMbps));
                row.Add(Number(rate?.TxMbps));
                if (carriers[i])
                {
                    row.Add(reading?.Carrier is { } carrier ? (carrier ? "1" : "0") : string.Empty);
                }
            }

            row.Add(string.Join(" ; ", s.Errors.Select(e => e.Message)));
            AppendRow(builder, row);
        }

        return builder.ToString();
    }

    private static string Number(double? value) =>
        value is { } v ? Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture) : string.Empty;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static void AppendRow(StringBuilder builder, IReadOnlyList<string> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var cell = cells[i];
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                builder.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                builder.Append(cell);
            }
        }

        builder.Append('\n');
    }
}
