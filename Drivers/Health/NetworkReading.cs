namespace NetnsBdd.Drivers.Health;

/// <summary>Cumulative interface byte counters as read; rates are derived in <see cref="HealthSeries"/>.</summary>
public sealed record NetworkReading(string Source, string Interface, long RxBytes, long TxBytes)
{
    /// <summary>Whether the link had carrier at the sample; null when the source has no carrier to read.</summary>
    public bool? Carrier { get; init; }
}
