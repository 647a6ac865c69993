namespace NetnsBdd.Drivers.Health;

/// <summary>
/// The suite's processes at one instant: the test host and its live descendants.
/// </summary>
/// <param name="Ticks">CPU clock ticks so far of those processes and of the descendants they reaped.</param>
/// <param name="RssBytes">Resident memory of the live processes (shared pages count in each process that maps them).</param>
/// <param name="Processes">How many processes were live, the test host included.</param>
public sealed record SuiteSnapshot(long Ticks, long RssBytes, int Processes);
