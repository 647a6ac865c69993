using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// <see cref="ContentPattern"/>'s period plus <see cref="MaxChunk"/> more bytes in an anonymous memory file
/// (memfd_create), so the kernel can sendfile() any span of the pattern up to <see cref="MaxChunk"/> long straight
/// from its page cache: no copy into a user buffer, none into the socket. Anonymous, so there is no file on disk to
/// leak: the pages go when the last descriptor closes (the process's exit included).
/// </summary>
internal sealed partial class PatternFile : IDisposable
{
    /// <summary>The longest span one sendfile call is given: 1 MiB, so the server's written count moves in 1 MiB steps.</summary>
    public const int MaxChunk = 1024 * 1024;

    private const uint MfdCloexec = 1;

    private PatternFile(FileStream stream) => Stream = stream;

    /// <summary>The file, for <see cref="System.Net.Sockets.SendPacketsElement"/>; positioned reads only.</summary>
    public FileStream Stream { get; }

    /// <summary>Null when the kernel has no memfd_create (Linux &lt; 3.17): the server then serves through Kestrel alone.</summary>
    public static PatternFile? TryCreate()
    {
        int fd;
        try
        {
            fd = Libc.MemfdCreate("nbdd-pattern", MfdCloexec);
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }

        if (fd < 0)
        {
            return null;
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var bytes = new byte[ContentPattern.Period + MaxChunk];
        ContentPattern.Fill(0, bytes);
        RandomAccess.Write(handle, bytes, 0);

        // Opened again by its /proc path as an asynchronous FileStream: SendPacketsElement takes no other kind, and a
        // descriptor made by memfd_create cannot be declared asynchronous after the fact.
        return new PatternFile(new FileStream(
            string.Create(CultureInfo.InvariantCulture, $"/proc/self/fd/{fd}"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite,
            bufferSize: 0, FileOptions.Asynchronous));
    }

    /// <summary>Where in the file the pattern byte at <paramref name="offset"/> sits; a span up to <see cref="MaxChunk"/> from there is contiguous.</summary>
    public static long FileOffset(long offset) => offset % ContentPattern.Period;

    public void Dispose() => Stream.Dispose();
}
