using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace NetnsBdd.Tests.Emulation;

/// <summary>
/// How many bytes of <c>struct tcp_info</c> getsockopt(TCP_INFO) returns for a connected loopback socket here. A
/// Linux kernel since 4.1 returns well over 128; qemu user-mode emulation translates only the first field (4 bytes),
/// so tcpi_bytes_acked (offset 120) is out of reach there.
/// </summary>
internal static partial class TcpInfoProbe
{
    /// <summary>What AckedBytes reads: u64 tcpi_bytes_acked at offset 120.</summary>
    public const int BytesAckedEnd = 128;

    public static unsafe int Length()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        client.Connect(listener.LocalEndPoint!);
        var info = stackalloc byte[256];
        var length = 256;
        return getsockopt((int)client.Handle, 6, 11, info, ref length) == 0 ? length : -Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int getsockopt(int fd, int level, int name, byte* value, ref int length);
}
