using System.Net.Sockets;
using System.Runtime.InteropServices;
using NetnsBdd.Drivers.Interop;

namespace NetnsBdd.Drivers.Server;

/// <summary>
/// Waits for a connection's sent bytes to leave the host before a fault cuts it. Kestrel's flush returns as soon as
/// its pipe takes the bytes, and a reset discards the kernel's queue too, so without this an "abort after 1 MiB"
/// could reach the client as an abort after 200 KiB. Best effort: a client that stops reading keeps the queue full,
/// and then the cut happens after <paramref name="limit"/> anyway.
/// </summary>
internal static partial class SendQueue
{
    // SIOCOUTQ (== TIOCOUTQ): bytes not yet acknowledged by the peer; the same number on x64, arm64 and arm.
    private const nuint SiocOutq = 0x5411;

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2);

    public static async Task DrainAsync(Socket socket, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        var emptyInARow = 0;

        // Two empty readings in a row: Kestrel's sender moves whatever its pipe still held into the kernel within
        // one poll, so a queue that stays empty means the pipe is empty as well.
        while (emptyInARow < 2 && DateTime.UtcNow < deadline)
        {
            emptyInARow = Unacknowledged(socket) == 0 ? emptyInARow + 1 : 0;
            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int Unacknowledged(Socket socket)
    {
        try
        {
            return Libc.Ioctl((int)socket.Handle, SiocOutq, out var queued) == 0 ? queued : 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }
}
