using System.Globalization;

namespace NetnsBdd.Drivers.Soak;

/// <summary>
/// How long a soak runs and how its rounds are spaced: a number of rounds or a duration (no round starts after it;
/// the one in flight finishes), back to back or one every <see cref="Interval"/> (a round that overruns its slot
/// makes the next start at once, never two at a time).
/// </summary>
public sealed record SoakSchedule(int? Rounds, TimeSpan? Duration, TimeSpan? Interval)
{
    public const int MaxRounds = 1_000_000;

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(7);

    public static SoakSchedule ForRounds(int rounds, TimeSpan? interval = null) => Checked(new(rounds, null, interval));

    public static SoakSchedule For(TimeSpan duration, TimeSpan? interval = null) => Checked(new(null, duration, interval));

    /// <summary>When round <paramref name="number"/> (from 1) may start, in seconds into the soak; 0 back to back.</summary>
    public double SlotSeconds(int number) => Interval is { } i ? (number - 1) * i.TotalSeconds : 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Rounds is { } r ? $"{r} rounds" : $"rounds for {Duration!.Value.TotalSeconds:0.#} s")}{(Interval is { } i ? $", one every {i.TotalSeconds:0.###} s" : ", back to back")}");

    private static SoakSchedule Checked(SoakSchedule schedule)
    {
        if (schedule.Rounds is < 1 or > MaxRounds)
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), schedule.Rounds, $"A soak of {schedule.Rounds} rounds is not allowed: use 1 to {MaxRounds}.");
        }

        if (schedule.Duration is { } d && (d <= TimeSpan.Zero || d > MaxDuration))
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), d, $"A soak of {d} is not allowed: use more than 0 s and at most {MaxDuration.TotalDays} days.");
        }

        if (schedule.Interval is { } i && (i <= TimeSpan.Zero || i > TimeSpan.FromDays(1)))
        {
            throw new ArgumentOutOfRangeException(nameof(schedule), i, $"Rounds every {i} is not allowed: use more than 0 s and at most one day between round starts.");
        }

        return schedule;
    }
}
