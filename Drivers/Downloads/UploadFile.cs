using System.Globalization;
using NetnsBdd.Drivers.Server;

namespace NetnsBdd.Drivers.Downloads;

/// <summary>
/// The one file every client POSTs in an upload run: <see cref="Bytes"/> bytes of <see cref="ContentPattern"/> (so a
/// server can check any range of what arrived), written into a folder the caller owns (the lab's run scratch folder,
/// removed with the lab). A size the folder's filesystem cannot hold is refused before a byte is written, naming the
/// size, the folder, its free space and the fix; a disk that fills up while writing (ENOSPC) is refused the same way and
/// leaves no partial file behind.
/// </summary>
public sealed class UploadFile : IDisposable
{
    private const int NoSpaceLeft = 28;
    private int _deleted;

    private UploadFile(string path, long bytes)
    {
        Path = path;
        Bytes = bytes;
    }

    /// <summary>The file's full path (DownloadRequest.UploadFilePath).</summary>
    public string Path { get; }

    /// <summary>The file's length: every upload's size.</summary>
    public long Bytes { get; }

    /// <summary>
    /// Makes a file of <paramref name="bytes"/> pattern bytes in <paramref name="folder"/> (which must exist). Throws
    /// <see cref="UploadFileException"/> when the folder's filesystem lacks the space.
    /// </summary>
    public static async Task<UploadFile> CreateAsync(string folder, long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"Upload file folder '{folder}' does not exist; give the run's scratch folder (the lab makes it).");
        }

        var free = FreeBytes(folder);
        if (free is { } space && bytes > space)
        {
            throw new UploadFileException(NoSpaceMessage(folder, bytes, space));
        }

        var path = System.IO.Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"upload-{bytes}-{Guid.NewGuid():N}.bin"));
        var file = new UploadFile(path, bytes);
        try
        {
            await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 20, FileOptions.Asynchronous);
            await ContentPattern.WriteAsync(stream, bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when ((e.HResult & 0xFFFF) == NoSpaceLeft || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase))
        {
            file.Dispose();
            throw new UploadFileException(NoSpaceMessage(folder, bytes, FreeBytes(folder) ?? 0), e);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return file;
    }

    /// <summary>Free bytes an unprivileged writer may use on <paramref name="folder"/>'s filesystem (statvfs); null if unknown.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(System.IO.Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Deletes the file; again is harmless.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _deleted, 1) != 0)
        {
            return;
        }

        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // The folder is already gone (the lab's teardown removed it): nothing is left either way.
        }
    }

    private static string NoSpaceMessage(string folder, long bytes, long free) => string.Create(
        CultureInfo.InvariantCulture,
        $"The upload file of {bytes} bytes ({bytes / 1048576.0:0.#} MiB) does not fit in {folder}: its filesystem has {free} bytes ({free / 1048576.0:0.#} MiB) free. Give a smaller upload size, or free space there (the run's scratch folder lives in /dev/shm, whose size is half the RAM by default: `mount -o remount,size=... /dev/shm`).");
}

/// <summary>The upload file cannot be made (no space for it); the message names the size, the folder and the fix.</summary>
public sealed class UploadFileException(string message, Exception? inner = null) : Exception(message, inner);
