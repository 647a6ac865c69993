namespace NetnsBdd.Drivers.Health;

/// <summary>Seam for disk space, which is a syscall rather than a file and so sits beside <see cref="IHostFiles"/>.</summary>
public interface IDiskSpace
{
    DiskReading Read(string path);
}
