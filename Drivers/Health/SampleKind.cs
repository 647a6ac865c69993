namespace NetnsBdd.Drivers.Health;

/// <summary>Why a sample was taken.</summary>
public enum SampleKind
{
    /// <summary>On the interval's schedule.</summary>
    Periodic,

    /// <summary>When the monitor started: memory, temperature and the rest, and the CPU counters later samples measure from.</summary>
    Baseline,

    /// <summary>Asked for at a moment that matters, e.g. just before the downloads start, so an interval ends there.</summary>
    Mark,

    /// <summary>When the monitor stopped, so the time since the last periodic sample is covered too.</summary>
    Final,
}
