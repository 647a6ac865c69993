namespace NetnsBdd.Drivers.Health;

/// <param name="Elapsed">End of the interval the rate was measured over.</param>
public sealed record NetworkThroughput(TimeSpan Elapsed, double RxBytesPerSecond, double TxBytesPerSecond);
