using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// The peer's acknowledged byte count of one TCP connection (Linux <c>tcp_info.tcpi_bytes_acked</c>): what the
/// client's kernel confirmed receiving, which, unlike the bytes handed to Kestrel, excludes the socket buffers and
/// the shaper's queue that a cut transfer never delivers. The connection's socket is duplicated (close-on-exec, so no
/// child process inherits it) because Kestrel disposes its own Socket as soon as the peer is gone, which is exactly
/// when the final figure is wanted; the duplicate is closed when the connection ends.
/// </summary>
internal sealed partial class AckedBytes : IDisposable
{
    private const int IpProtoTcp = (int)SocketOptionLevel.Tcp;
    private const int TcpInfo = 11;
    private const int FDupFdCloexec = 1030;

    // struct tcp_info: u8 x8, u32 x24 (offsets 8..103), u64 pacing_rate, u64 max_pacing_rate, then u64 bytes_acked
    // (kernel >= 4.1); the same layout on x64, arm64 and 32-bit arm (every field is naturally aligned).
    private const int BytesAckedOffset = 120;

    // tcpi_rtt: the sender's smoothed round trip in µs, queueing included; the server is the sender of a download.
    private const int RttOffset = 68;
    private const int TcpInfoBytes = 256;

    private readonly Lock _gate = new();
    private int _fd;
    private long _final;

    private AckedBytes(int fd) => _fd = fd;

    /// <summary>Null when the socket cannot be duplicated or the kernel does not report bytes_acked.</summary>
    public static AckedBytes? Open(Socket socket)
    {
        int fd;
        try
        {
            fd = Libc.Fcntl((int)socket.Handle, FDupFdCloexec, 0);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        if (fd < 0)
        {
            return null;
        }

        var probe = new AckedBytes(fd);
        if (probe.Read() is null)
        {
            probe.Dispose();
            return null;
        }

        return probe;
    }

    /// <summary>
    /// The highest figure read so far. The counter only grows while the connection lives, but .NET's abortive close of
    /// Kestrel's socket (a disconnect, to wake pending operations) resets the kernel's tcp_info on the shared socket
    /// to zero; so a read after that must not replace what was seen before it. After <see cref="Dispose"/>, the last.
    /// </summary>
    public long Current
    {
        get
        {
            lock (_gate)
            {
                if (_fd >= 0 && Read() is { } now)
                {
                    _final = Math.Max(_final, now);
                }

                return _final;
            }
        }
    }

    /// <summary>The connection's smoothed RTT (tcp_info tcpi_rtt) now; null once closed or unreadable.</summary>
    public unsafe TimeSpan? SmoothedRtt
    {
        get
        {
            lock (_gate)
            {
                if (_fd < 0)
                {
                    return null;
                }

                var info = stackalloc byte[TcpInfoBytes];
                var length = TcpInfoBytes;
                return Libc.Getsockopt(_fd, IpProtoTcp, TcpInfo, info, ref length) == 0 && length >= RttOffset + sizeof(uint)
                    ? TimeSpan.FromMicroseconds(*(uint*)(info + RttOffset))
                    : null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_fd < 0)
            {
                return;
            }

            _final = Math.Max(_final, Read() ?? 0);
            _ = Libc.Close(_fd);
            _fd = -1;
        }
    }

    private unsafe long? Read()
    {
        var info = stackalloc byte[TcpInfoBytes];
        var length = TcpInfoBytes;
        if (Libc.Getsockopt(_fd, IpProtoTcp, TcpInfo, info, ref length) != 0 || length < BytesAckedOffset + sizeof(ulong))
        {
            return null;
        }

        var acked = (long)*(ulong*)(info + BytesAckedOffset);
        _final = acked;
        return acked;
    }
}
