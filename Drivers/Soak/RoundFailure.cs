namespace NetnsBdd.Drivers.Soak;

/// <summary>One client that did not get the whole file in a round: how it ended and what it got.</summary>
public sealed record RoundFailure(string Client, string Outcome, bool Interrupted, int? HttpStatus, long Bytes, double Seconds, string Detail);
