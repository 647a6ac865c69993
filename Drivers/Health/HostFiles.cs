using System.Buffers;
using System.Text;

namespace NetnsBdd.Drivers.Health;

/// <summary>The real host file system.</summary>
public sealed class HostFiles : IHostFiles
{
    // procfs and sysfs report a length of 0, so File.ReadAllText would grow its buffers
    // from scratch on every read; one unbuffered read into a pooled array is cheaper.
    private const int InitialBufferSize = 16 * 1024;

    public string ReadAllText(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public bool Exists(string path) => File.Exists(path);

    public IEnumerable<string> EnumerateDirectories(string path, string searchPattern) =>
        Directory.Exists(path) ? Directory.EnumerateDirectories(path, searchPattern) : [];
}
