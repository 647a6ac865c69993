namespace NetnsBdd.Drivers.Scheduling;

/// <summary>
/// Run-wide start instants: the k-th scenario of a run (counting from 0) releases its clients at
/// Download:StartAt + k × Download:StartPeriodSeconds. Every host runs the same scenarios in the same order, so the
/// k-th scenarios of all hosts start together, also when one host skipped or failed an earlier one. Owned by the
/// run's global container (registered by the run's plugin), taken once per scenario by the hooks.
/// </summary>
public sealed class StartSlots(DateTimeOffset? first, TimeSpan period)
{
    private int _taken;

    public DateTimeOffset? First => first;

    public TimeSpan Period => period;

    /// <summary>The next scenario's slot: its index in the run and its instant (null when no StartAt is set).</summary>
    public (int Index, DateTimeOffset? At) Take()
    {
        var index = Interlocked.Increment(ref _taken) - 1;
        return (index, first is { } f ? f + period * index : null);
    }
}
