namespace NetnsBdd.Drivers.Health;

/// <summary>Disk space via <see cref="DriveInfo"/>, which on Linux is a statvfs of the path.</summary>
public sealed class HostDiskSpace : IDiskSpace
{
    public DiskReading Read(string path)
    {
        var drive = new DriveInfo(path);
        return new DiskReading(path, drive.TotalSize, drive.TotalFreeSpace, drive.AvailableFreeSpace);
    }
}
