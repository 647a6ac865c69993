namespace NetnsBdd.Drivers.Soak;

/// <summary>One router-watch probe: sent this many seconds into the soak to a target ("gateway" or "server"); RTT null when lost.</summary>
public readonly record struct WatchProbe(string Target, double SentSeconds, double? RttMs)
{
    public bool Lost => RttMs is null;
}
