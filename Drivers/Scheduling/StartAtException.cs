namespace NetnsBdd.Drivers.Scheduling;

/// <summary>A start at a wall-clock instant that this host refuses: the instant has passed, or its clock is not synchronised.</summary>
public sealed class StartAtException(string message) : Exception(message);
