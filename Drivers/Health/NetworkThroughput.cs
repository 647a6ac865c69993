namespace NetnsBdd.Drivers.Health;

/// <param name="Elapsed">End of the interval the rate was measured over.</param>
public sealed record NetworkThroughput(TimeSpan Elapsed, double RxBytesPerSecond, double TxBytesPerSecond)
{
    public double RxMbps => RxBytesPerSecond * 8 / 1e6;

    public double TxMbps => TxBytesPerSecond * 8 / 1e6;

    /// <summary>
    /// The rates between two readings of one interface, or null when there is no interval or a counter went back
    /// (counters restart when a namespace's interface is recreated; a negative rate would be nonsense).
    /// </summary>
    public static NetworkThroughput? Between(NetworkReading previous, TimeSpan previousElapsed, NetworkReading current, TimeSpan elapsed)
    {
        var seconds = (elapsed - previousElapsed).TotalSeconds;
        if (seconds <= 0 || current.RxBytes < previous.RxBytes || current.TxBytes < previous.TxBytes)
        {
            return null;
        }

        return new NetworkThroughput(
            elapsed, (current.RxBytes - previous.RxBytes) / seconds, (current.TxBytes - previous.TxBytes) / seconds);
    }
}
