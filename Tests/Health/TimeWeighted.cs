using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>
/// The average of a per-interval figure over a whole series, each sample weighted by its interval's length: the final
/// sample's interval (and a mark's) is shorter than the others, so a plain mean would overweight it.
/// </summary>
internal static class TimeWeighted
{
    public static double Average(IReadOnlyList<HealthSample> samples, Func<HealthSample, double?> figure)
    {
        double sum = 0;
        double seconds = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            var weight = (samples[i].Elapsed - samples[i - 1].Elapsed).TotalSeconds;
            sum += figure(samples[i])!.Value * weight;
            seconds += weight;
        }

        return sum / seconds;
    }
}
