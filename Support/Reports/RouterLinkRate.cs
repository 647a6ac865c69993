using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Support.Reports;

/// <summary>
/// What the router's link toward the clients carried between two health samples (its interface counters, read in the
/// router namespace), on the download charts' clock: an independent measure beside the clients' own progress.
/// </summary>
/// <remarks>
/// The kernel counts bytes per packet with headers (with GSO, one set per super-packet), so at the same moment it sits
/// a little (~0.5 %) above the clients' file bytes.
/// </remarks>
public sealed record RouterLinkRate(double StartSeconds, double EndSeconds, double Mbps)
{
    /// <summary>The network source the lab names for its client-facing link; its tx is what went down to the clients.</summary>
    public const string ClientsSource = "clients";

    public static IReadOnlyList<RouterLinkRate> From(HealthSeries series, DateTimeOffset origin)
    {
        var rates = new List<RouterLinkRate>();
        (HealthSample Sample, NetworkReading Reading)? previous = null;
        foreach (var sample in series.Samples)
        {
            var reading = sample.Network.FirstOrDefault(n => n.Source == ClientsSource);
            if (reading is not null && previous is { } before && before.Reading.Interface == reading.Interface
                && NetworkThroughput.Between(before.Reading, before.Sample.Elapsed, reading, sample.Elapsed) is { } rate)
            {
                rates.Add(new RouterLinkRate((before.Sample.Timestamp - origin).TotalSeconds, (sample.Timestamp - origin).TotalSeconds, rate.TxMbps));
            }

            previous = reading is null ? null : (sample, reading);
        }

        return rates;
    }
}
