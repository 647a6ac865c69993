using NetnsBdd.Drivers.Health;

namespace NetnsBdd.Tests.Health;

/// <summary>A 32 GB SD card that is 63 % full, as df would say.</summary>
internal sealed class FixedDiskSpace : IDiskSpace
{
    public const long TotalBytes = 32_000_000_000;
    public const long FreeBytes = 11_840_000_000;

    public DiskReading Read(string path) => new(path, TotalBytes, FreeBytes, FreeBytes);
}
