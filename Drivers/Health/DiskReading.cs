namespace NetnsBdd.Drivers.Health;

/// <summary>
/// Space on the file system holding <see cref="Path"/>. <see cref="UsedPercent"/> follows <c>df</c>
/// (used / (used + available to non-root)) so the numbers match what someone checks by hand on the Pi.
/// </summary>
public sealed record DiskReading(string Path, long TotalBytes, long FreeBytes, long AvailableBytes)
{
    public double UsedPercent
    {
        get
        {
            var used = TotalBytes - FreeBytes;
            var denominator = used + AvailableBytes;
            return denominator <= 0 ? 0 : 100.0 * used / denominator;
        }
    }
}
