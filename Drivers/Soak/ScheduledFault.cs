namespace NetnsBdd.Drivers.Soak;

/// <summary>A fault and how to cause and end it on this lab (see LabDriver.Prepare).</summary>
public sealed record ScheduledFault(LabFault Fault, Func<CancellationToken, Task> Begin, Func<CancellationToken, Task> End);
