namespace NetnsBdd.Drivers.Interop;

/// <summary>
/// A TCP socket's own send figures as its kernel keeps them: <c>tcp_info.tcpi_bytes_acked</c> (what the peer's kernel
/// acknowledged) and SIOCOUTQ (what was written but is not acknowledged yet). Their sum is every byte the application
/// handed to the kernel, exact also for a send cut by a timeout. Read them before the socket is closed: .NET's
/// abortive close (a disconnect) resets tcp_info to zero.
/// </summary>
internal static class TcpInfo
{
    private const int IpProtoTcp = 6;
    private const int TcpInfoOption = 11;
    private const nuint SiocOutq = 0x5411;

    // struct tcp_info: u8 x8, u32 x24 (offsets 8..103), u64 pacing_rate, u64 max_pacing_rate, then u64 bytes_acked
    // (kernel >= 4.1); the same layout on x64, arm64 and 32-bit arm (every field is naturally aligned).
    private const int BytesAckedOffset = 120;
    private const int TcpInfoBytes = 256;

    /// <summary>Bytes the peer acknowledged (the SYN not counted); null when the kernel does not say.</summary>
    public static unsafe long? BytesAcked(int fd)
    {
        var info = stackalloc byte[TcpInfoBytes];
        var length = TcpInfoBytes;
        if (Libc.Getsockopt(fd, IpProtoTcp, TcpInfoOption, info, ref length) != 0 || length < BytesAckedOffset + sizeof(ulong))
        {
            return null;
        }

        return (long)*(ulong*)(info + BytesAckedOffset);
    }

    /// <summary>Bytes written to the socket and not yet acknowledged (in flight or still queued); null on error.</summary>
    public static long? Unacknowledged(int fd) => Libc.Ioctl(fd, SiocOutq, out var value) == 0 && value >= 0 ? value : null;

    /// <summary>
    /// The SYN's one sequence number, which a connecting (active-open) socket's bytes_acked counts when the SYN-ACK
    /// acknowledges it: a client that wrote N bytes reads N + 1 once all arrived (an accepted socket is made after the
    /// handshake and counts from 0).
    /// </summary>
    public const long SynBytes = 1;

    /// <summary>
    /// What the application handed to a connecting (client) socket's kernel and what the peer acknowledged of it, in
    /// bytes (the SYN taken off); null when either figure cannot be read (socket closed, old kernel).
    /// </summary>
    public static (long Written, long Acked)? Sent(int fd)
    {
        if (BytesAcked(fd) is not { } acked || Unacknowledged(fd) is not { } queued)
        {
            return null;
        }

        var data = Math.Max(0, acked - SynBytes);
        return (data + queued, data);
    }
}
