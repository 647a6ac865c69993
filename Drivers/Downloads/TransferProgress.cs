namespace NetnsBdd.Drivers.Downloads;

/// <summary>One point of a client's progress: bytes received by <paramref name="Elapsed"/> after its start.</summary>
public readonly record struct TransferProgress(TimeSpan Elapsed, long Bytes);
