namespace NetnsBdd.Drivers.Health;

/// <summary>An immutable snapshot of the samples taken so far, with the questions tests ask of it.</summary>
public sealed class HealthSeries
{
    public HealthSeries(IReadOnlyList<HealthSample> samples) => Samples = samples;

    /// <summary>
    /// The samples whose measured interval (from the previous sample, or one <paramref name="interval"/> back for the
    /// first) lies at least half inside <paramref name="from"/>..<paramref name="to"/>: the load during a window,
    /// without an interval that was mostly the work before it (e.g. building the lab) or the idle time after it. A
    /// window that lies wholly inside one sample's interval gets that sample however much of it the window fills: it is
    /// the only figure measured over the window (the monitor marks the release, see <see cref="HealthMonitor.Mark"/>,
    /// and its final sample closes the interval the mark opened).
    /// </summary>
    public HealthSeries During(DateTimeOffset from, DateTimeOffset to, TimeSpan interval)
    {
        var kept = new List<HealthSample>();
        for (var i = 0; i < Samples.Count; i++)
        {
            var (began, ended) = (IntervalStart(i, interval), Samples[i].Timestamp);
            var length = ended - began;
            var inside = Min(ended, to) - Max(began, from);
            var spansWindow = began <= from && ended >= to;
            if (length > TimeSpan.Zero && inside > TimeSpan.Zero && (inside * 2 >= length || spansWindow))
            {
                kept.Add(Samples[i]);
            }
        }

        return new HealthSeries(kept);
    }

    /// <summary>Where sample <paramref name="index"/>'s CPU figures were measured from: the previous sample's instant.</summary>
    public DateTimeOffset IntervalStart(int index, TimeSpan interval) =>
        index == 0 ? Samples[index].Timestamp - interval : Samples[index - 1].Timestamp;

    public static HealthSeries Empty { get; } = new([]);

    public IReadOnlyList<HealthSample> Samples { get; }

    public double? MaxCpuPercent => Max(s => s.CpuPercent);

    /// <summary>The highest share of all cores the suite's own processes used in one interval.</summary>
    public double? MaxSuiteCpuPercent => Max(s => s.SuiteCpuPercent);

    /// <summary>The suite's largest resident memory in any sample.</summary>
    public double? MaxSuiteRssMegabytes => Max(s => s.Suite?.RssMegabytes);

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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private double? Max(Func<HealthSample, double?> selector) => Samples.Select(selector).Where(v => v is not null).DefaultIfEmpty().Max();

    private double? Min(Func<HealthSample, double?> selector) => Samples.Select(selector).Where(v => v is not null).DefaultIfEmpty().Min();
}
