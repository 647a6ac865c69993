namespace NetnsBdd.Drivers.Health;

/// <summary>An immutable snapshot of the samples taken so far, with the questions tests ask of it.</summary>
public sealed class HealthSeries
{
    public HealthSeries(IReadOnlyList<HealthSample> samples) => Samples = samples;

    /// <summary>
    /// The samples whose measured interval (from the previous sample, or one <paramref name="interval"/> back for the
    /// first) began at or after <paramref name="from"/> and before <paramref name="to"/>: the load during a window,
    /// without the work that came before it (e.g. building the lab).
    /// </summary>
    public HealthSeries During(DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var kept = new List<HealthSample>();
        for (var i = 0; i < Samples.Count; i++)
        {
            var began = i == 0 ? Samples[i].Timestamp - interval : Samples[i - 1].Timestamp;
            if (began >= from && began < to)
            {
                kept.Add(Samples[i]);
            }
        }

        return new HealthSeries(kept);
    }

    public static HealthSeries Empty { get; } = new([]);

    public IReadOnlyList<HealthSample> Samples { get; }

    public double? MaxCpuPercent => Max(s => s.CpuPercent);

    public double? MaxTemperatureCelsius => Max(s => s.MaxTemperatureCelsius);

    public double? MinAvailableRamMegabytes => Min(s => s.Memory?.AvailableMegabytes);

    /// <summary>Any throttle bit, current or "occurred", in any sample.</summary>
    public bool AnyThrottling => Samples.Any(s => s.Throttling?.Any == true);

    /// <summary>Union of every throttle bit seen, for a one-line verdict.</summary>
    public ThrottleFlags ThrottleFlagsSeen =>
        Samples.Aggregate(ThrottleFlags.None, (all, s) => all | (s.Throttling?.Flags ?? ThrottleFlags.None));

    /// <summary>Gaps between consecutive samples (the first sample's offset from start is its <see cref="HealthSample.Elapsed"/>).</summary>
    public IReadOnlyList<TimeSpan> SampleIntervals =>
        Samples.Zip(Samples.Skip(1), (a, b) => b.Elapsed - a.Elapsed).ToArray();

    public IReadOnlyList<ReadingError> Errors => Samples.SelectMany(s => s.Errors).ToArray();

    /// <summary>Byte rates of one interface between consecutive samples that both have its counters.</summary>
    public IReadOnlyList<NetworkThroughput> Throughput(string source, string interfaceName)
    {
        var result = new List<NetworkThroughput>();
        NetworkReading? previous = null;
        TimeSpan previousElapsed = default;
        foreach (var sample in Samples)
        {
            var reading = sample.Network.FirstOrDefault(n => n.Source == source && n.Interface == interfaceName);
            if (reading is null)
            {
                previous = null;
                continue;
            }

            if (previous is not null && NetworkThroughput.Between(previous, previousElapsed, reading, sample.Elapsed) is { } rate)
            {
                result.Add(rate);
            }

            previous = reading;
            previousElapsed = sample.Elapsed;
        }

        return result;
    }

    public string ToCsv() => HealthSeriesCsv.Write(this);

    public string ToJson() => HealthSeriesJson.Write(this);

    private double? Max(Func<HealthSample, double?> selector) => Samples.Select(selector).Where(v => v is not null).DefaultIfEmpty().Max();

    private double? Min(Func<HealthSample, double?> selector) => Samples.Select(selector).Where(v => v is not null).DefaultIfEmpty().Min();
}
