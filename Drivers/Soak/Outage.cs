using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// A time the router watch lost its probes: start and end in seconds into the soak (each edge halfway between the
/// last answered and the first lost probe, so it is within half a probe interval of the truth), what was lost
/// (gateway, server or both) and how many probes went unanswered. <see cref="Ongoing"/>: still lost when the watch stopped.
/// </summary>
public sealed record Outage(double StartSeconds, double EndSeconds, DateTimeOffset StartedAt, IReadOnlyList<string> Lost, int ProbesLost, bool Ongoing)
{
    public double Seconds => EndSeconds - StartSeconds;

    public DateTimeOffset EndedAt => StartedAt + TimeSpan.FromSeconds(Seconds);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"outage {StartSeconds:0.0}-{EndSeconds:0.0} s into the soak ({Seconds:0.0} s, {ProbesLost} probes lost: {string.Join(", ", Lost)}{(Ongoing ? ", still down at the end" : "")})");
}
