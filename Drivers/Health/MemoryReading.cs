namespace NetnsBdd.Drivers.Health;

/// <summary>RAM from <c>/proc/meminfo</c>; "used" means not available, as the kernel estimates it.</summary>
public sealed record MemoryReading(long TotalBytes, long AvailableBytes)
{
    private const double BytesPerMegabyte = 1024.0 * 1024.0;

    public double UsedPercent => TotalBytes == 0 ? 0 : 100.0 * (TotalBytes - AvailableBytes) / TotalBytes;

    public double AvailableMegabytes => AvailableBytes / BytesPerMegabyte;
}
