using System.Diagnostics;

namespace NetnsBdd.Drivers.Latency;

/// <summary>
/// The probes' time base: <see cref="Stopwatch"/> ticks (CLOCK_MONOTONIC on Linux, immune to NTP steps) counted from
/// the moment probing began. Wall-clock instants (the download results') are mapped onto it through the one pair of
/// readings taken at that moment; over a run of a minute the two clocks do not drift apart measurably.
/// </summary>
public sealed class ProbeClock
{
    private readonly long _originTicks = Stopwatch.GetTimestamp();

    public DateTimeOffset OriginWall { get; } = DateTimeOffset.UtcNow;

    public static long Ticks => Stopwatch.GetTimestamp();

    public double SecondsAt(long ticks) => (double)(ticks - _originTicks) / Stopwatch.Frequency;

    public double Now => SecondsAt(Stopwatch.GetTimestamp());

    public double SecondsAt(DateTimeOffset wall) => (wall - OriginWall).TotalSeconds;

    public static double Milliseconds(long fromTicks, long toTicks) => (toTicks - fromTicks) * 1000.0 / Stopwatch.Frequency;
}
