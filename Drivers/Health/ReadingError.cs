namespace NetnsBdd.Drivers.Health;

/// <summary>Why one reading of one sample is missing; the message names the file and line.</summary>
public sealed record ReadingError(ReadingKind Reading, string Message);
